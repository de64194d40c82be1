/**
 * Django's django.core for this package: the typed errors every layer throws, signing, and
 * the paginator. Re-exported from `@tsgi/django`.
 *
 * @example
 * import { Http404, dumps, Paginator } from "@tsgi/django";
 */
export * from "./exceptions.ts";
export {
  BadSignature,
  SignatureExpired,
  Signer,
  dumps,
  loads,
  saltedHmac,
  type DumpsOptions,
  type SignerOptions,
} from "./signing.ts";
export {
  EmptyPage,
  InvalidPage,
  Page,
  PageNotAnInteger,
  Paginator,
  type Paginatable,
  type PaginatorOptions,
} from "./paginator.ts";
