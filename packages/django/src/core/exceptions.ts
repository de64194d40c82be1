// Django's django.core.exceptions and django.http.Http404, as typed, coded errors. The handler
// turns each into a response by its `status` (404, 403, 400), so views and middleware simply
// throw them; anything else becomes a 500.

/** Stable codes for the errors of @tsgi/django; tests assert these, never messages. */
export type DjangoErrorCode =
  | "DJANGO_E_IMPROPERLY_CONFIGURED"
  | "DJANGO_E_HTTP404"
  | "DJANGO_E_RESOLVER404"
  | "DJANGO_E_PERMISSION_DENIED"
  | "DJANGO_E_SUSPICIOUS_OPERATION"
  | "DJANGO_E_DISALLOWED_HOST"
  | "DJANGO_E_BAD_REQUEST"
  | "DJANGO_E_REQUEST_DATA_TOO_BIG"
  | "DJANGO_E_TOO_MANY_FIELDS"
  | "DJANGO_E_TOO_MANY_FILES"
  | "DJANGO_E_NO_REVERSE_MATCH"
  | "DJANGO_E_IMMUTABLE_QUERYDICT"
  | "DJANGO_E_BAD_SIGNATURE"
  | "DJANGO_E_INVALID_PAGE"
  | "DJANGO_E_EMPTY_PAGE"
  | "DJANGO_E_PAGE_NOT_AN_INTEGER"
  | "DJANGO_E_VIEW_RETURNED_NOTHING";

/**
 * The base of every error @tsgi/django defines: a `code` for programs, a message for people.
 *
 * @example
 * try { settings.DEBUG } catch (error) { if (error instanceof DjangoError) error.code; }
 */
export class DjangoError extends Error {
  readonly code: DjangoErrorCode;
  constructor(code: DjangoErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * The settings or URLconf are wrong or missing (Django's `ImproperlyConfigured`): a
 * programming error, so it becomes a 500.
 *
 * @example
 * throw new ImproperlyConfigured("TEMPLATES is empty: add a template engine to render pages");
 */
export class ImproperlyConfigured extends DjangoError {
  constructor(message: string) {
    super("DJANGO_E_IMPROPERLY_CONFIGURED", message);
  }
}

/**
 * "Not found": the handler answers 404 (the URLconf's `handler404`, or the default page).
 *
 * @example
 * if (question === null) throw new Http404("No question matches the given query.");
 */
export class Http404 extends DjangoError {
  readonly status = 404;
  constructor(message = "Not found", code: DjangoErrorCode = "DJANGO_E_HTTP404") {
    super(code, message);
  }
}

/**
 * The user may not do this: the handler answers 403.
 *
 * @example
 * if (!request.user.isAuthenticated) throw new PermissionDenied("Log in first.");
 */
export class PermissionDenied extends DjangoError {
  readonly status = 403;
  constructor(message = "Permission denied") {
    super("DJANGO_E_PERMISSION_DENIED", message);
  }
}

/**
 * The request looks malicious or broken (Django's `SuspiciousOperation`): the handler
 * answers 400 and, unlike Django, says why only in DEBUG.
 *
 * @example
 * throw new SuspiciousOperation("Attempted access to '../etc/passwd' denied.");
 */
export class SuspiciousOperation extends DjangoError {
  readonly status: number = 400;
  constructor(message: string, code: DjangoErrorCode = "DJANGO_E_SUSPICIOUS_OPERATION") {
    super(code, message);
  }
}

/**
 * The Host header is not in `ALLOWED_HOSTS`: 400.
 *
 * @example
 * throw new DisallowedHost("Invalid HTTP_HOST header: 'evil.example'.");
 */
export class DisallowedHost extends SuspiciousOperation {
  constructor(message: string) {
    super(message, "DJANGO_E_DISALLOWED_HOST");
  }
}

/**
 * The request body is larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` (or an upload larger than
 * `FILE_UPLOAD_MAX_SIZE`): 400 as in Django, where it is a `SuspiciousOperation`.
 *
 * @example
 * throw new RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.");
 */
export class RequestDataTooBig extends SuspiciousOperation {
  constructor(message: string) {
    super(message, "DJANGO_E_REQUEST_DATA_TOO_BIG");
  }
}

/**
 * More fields than `DATA_UPLOAD_MAX_NUMBER_FIELDS` in a query string or form: 400.
 *
 * @example
 * throw new TooManyFieldsSent("The number of GET/POST parameters exceeded 1000.");
 */
export class TooManyFieldsSent extends SuspiciousOperation {
  constructor(message: string) {
    super(message, "DJANGO_E_TOO_MANY_FIELDS");
  }
}

/**
 * More files than `DATA_UPLOAD_MAX_NUMBER_FILES` in a multipart body: 400.
 *
 * @example
 * throw new TooManyFilesSent("The number of files exceeded 100.");
 */
export class TooManyFilesSent extends SuspiciousOperation {
  constructor(message: string) {
    super(message, "DJANGO_E_TOO_MANY_FILES");
  }
}

/**
 * The request is malformed (Django's `BadRequest`): 400.
 *
 * @example
 * if (Number.isNaN(amount)) throw new BadRequest("amount must be a number");
 */
export class BadRequest extends DjangoError {
  readonly status = 400;
  constructor(message: string) {
    super("DJANGO_E_BAD_REQUEST", message);
  }
}

/**
 * The HTTP status an error stands for (404, 403, 400), or `undefined` for any other error,
 * which the handler turns into a 500.
 *
 * @example
 * statusForError(new Http404()); // 404
 * statusForError(new TypeError("x")); // undefined
 */
export function statusForError(error: unknown): number | undefined {
  if (error instanceof Http404) return 404;
  if (error instanceof PermissionDenied) return 403;
  if (error instanceof SuspiciousOperation || error instanceof BadRequest) return 400;
  return undefined;
}
