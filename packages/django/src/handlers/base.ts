import type { Settings } from "../conf/global-settings.ts";
import { DjangoError } from "../core/exceptions.ts";
import type { HttpRequest } from "../http/request.ts";
import { HttpResponseBase } from "../http/response.ts";
import { resolveMiddleware } from "../middleware/registry.ts";
import type { GetResponse, MiddlewareHooks, MiddlewareInstance } from "../middleware/types.ts";
import { getResolver } from "../urls/base.ts";
import type { URLConf, ViewFunction } from "../urls/types.ts";
import { responseForException } from "./exception.ts";

type ViewHook = NonNullable<MiddlewareHooks["processView"]>;
type ExceptionHook = NonNullable<MiddlewareHooks["processException"]>;

/**
 * Django's `BaseHandler`: builds the middleware onion once from MIDDLEWARE and, per request,
 * resolves the URL, runs `processView` hooks, calls the view (sync or async), runs
 * `processException` hooks on errors, and converts any error into a response at every layer
 * (so outer middleware always see a response).
 *
 * @example
 * const handler = new BaseHandler(settings);
 * const response = await handler.getResponse(request);
 */
export class BaseHandler {
  readonly settings: Settings;
  readonly urlconf: URLConf | undefined;
  #chain: GetResponse;
  #viewHooks: ViewHook[] = [];
  #exceptionHooks: ExceptionHook[] = [];

  constructor(settings: Settings) {
    this.settings = settings;
    this.urlconf = settings.ROOT_URLCONF;
    let handler = this.#convertErrors((request) => this.#getResponse(request));
    for (const entry of [...settings.MIDDLEWARE].reverse()) {
      const instance = resolveMiddleware(entry)(handler);
      if (instance === null || instance === undefined) continue;
      // Bound so `this` works for object middleware; processView runs outermost first,
      // processException innermost first, as in Django.
      if (instance.processView) this.#viewHooks.unshift(instance.processView.bind(instance));
      if (instance.processException)
        this.#exceptionHooks.push(instance.processException.bind(instance));
      handler = this.#convertErrors(callLayer(instance));
    }
    this.#chain = handler;
  }

  /** Runs the request through the onion; always resolves to a response. */
  getResponse(request: HttpRequest): Promise<HttpResponseBase> {
    return this.#chain(request);
  }

  #convertErrors(inner: GetResponse): GetResponse {
    return async (request) => {
      try {
        return await inner(request);
      } catch (error) {
        return responseForException(request, error, this.settings, this.urlconf);
      }
    };
  }

  async #getResponse(request: HttpRequest): Promise<HttpResponseBase> {
    request.getHost();
    const match = getResolver(this.#urlconf()).resolve(request.pathInfo);
    request.resolverMatch = match;
    await request.loadBody();
    let response: HttpResponseBase | null | undefined | void;
    for (const hook of this.#viewHooks) {
      response = await hook(request, match.func, match.args, match.kwargs);
      if (response) break;
    }
    if (!response) {
      try {
        response = await match.func(request, match.kwargs, ...match.args);
      } catch (error) {
        response = await this.#processException(request, error);
        if (!response) throw error;
      }
    }
    return checkResponse(response, match.func);
  }

  async #processException(
    request: HttpRequest,
    error: unknown,
  ): Promise<HttpResponseBase | undefined> {
    for (const hook of this.#exceptionHooks) {
      const response = await hook(request, error);
      if (response) return response;
    }
    return undefined;
  }

  #urlconf(): URLConf {
    if (this.urlconf === undefined) {
      throw new DjangoError("DJANGO_E_IMPROPERLY_CONFIGURED", "ROOT_URLCONF is not set");
    }
    return this.urlconf;
  }
}

function callLayer(instance: MiddlewareInstance): GetResponse {
  if (typeof instance === "function") return async (request) => instance(request);
  if (typeof instance.handle === "function") return async (request) => instance.handle(request);
  throw new TypeError("a middleware factory must return a function or an object with handle()");
}

function checkResponse(response: unknown, view: ViewFunction): HttpResponseBase {
  if (response instanceof HttpResponseBase) return response;
  const name = view.name || "<anonymous view>";
  throw new DjangoError(
    "DJANGO_E_VIEW_RETURNED_NOTHING",
    response === undefined || response === null
      ? `The view ${name} didn't return an HttpResponse object. It returned ${String(response)} instead.`
      : `The view ${name} returned ${Object.prototype.toString.call(response)}, not an HttpResponse.`,
  );
}
