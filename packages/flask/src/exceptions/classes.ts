import { HTTPException, type HTTPExceptionOptions } from "./http-exception.ts";

/*
 * Werkzeug's HTTP error classes, with its reason phrases and default descriptions. Each class
 * fixes its code, so `errorhandler(NotFound)` and `errorhandler(404)` are the same handler,
 * and a handler for a base class (`HTTPException`) catches every subclass.
 */

/**
 * 400: the request could not be understood.
 *
 * @example
 * throw new BadRequest("Missing title.");
 */
export class BadRequest extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      400,
      description ?? "The browser (or proxy) sent a request that this server could not understand.",
      { ...options, name: "Bad Request" },
    );
  }
}

/**
 * 400 for a missing key in `request.form`/`args`/`files` read with `require` or indexing
 * (Werkzeug's `BadRequestKeyError`, also a `KeyError`). The description names the key.
 *
 * @example
 * request.form["title"]; // no such field → BadRequestKeyError, 400 "… the key 'title' is missing"
 */
export class BadRequestKeyError extends BadRequest {
  /** The key that was missing. */
  readonly key: string;
  constructor(key: string, options?: HTTPExceptionOptions) {
    super(
      `The browser (or proxy) sent a request that this server could not understand: the key ${JSON.stringify(key)} is missing.`,
      options,
    );
    this.key = key;
  }
}

/**
 * 401: credentials missing or wrong; `wwwAuthenticate` values become `WWW-Authenticate` headers.
 *
 * @example
 * throw new Unauthorized(undefined, { wwwAuthenticate: 'Basic realm="blog"' });
 */
export class Unauthorized extends HTTPException {
  readonly wwwAuthenticate: string[];
  constructor(
    description?: string,
    options: HTTPExceptionOptions & { wwwAuthenticate?: string | string[] } = {},
  ) {
    super(
      401,
      description ??
        "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.",
      { ...options, name: "Unauthorized" },
    );
    const given = options.wwwAuthenticate;
    this.wwwAuthenticate = given === undefined ? [] : Array.isArray(given) ? given : [given];
  }
  override getHeaders(): [string, string][] {
    return [
      ...super.getHeaders(),
      ...this.wwwAuthenticate.map((value): [string, string] => ["WWW-Authenticate", value]),
    ];
  }
}

/**
 * 403: the client may not access this resource.
 *
 * @example
 * if (post.authorId !== g.user?.id) throw new Forbidden();
 */
export class Forbidden extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      403,
      description ??
        "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
      { ...options, name: "Forbidden" },
    );
  }
}

/**
 * 404: no such resource.
 *
 * @example
 * throw new NotFound(`Post id ${id} doesn't exist.`);
 */
export class NotFound extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      404,
      description ??
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
      { ...options, name: "Not Found" },
    );
  }
}

/**
 * 405: the URL exists but not for this method; `validMethods` becomes the `Allow` header.
 *
 * @example
 * throw new MethodNotAllowed(["GET", "POST"]); // Allow: GET, POST
 */
export class MethodNotAllowed extends HTTPException {
  readonly validMethods: string[];
  constructor(
    validMethods: readonly string[] = [],
    description?: string,
    options?: HTTPExceptionOptions,
  ) {
    super(405, description ?? "The method is not allowed for the requested URL.", {
      ...options,
      name: "Method Not Allowed",
    });
    this.validMethods = [...validMethods];
  }
  override getHeaders(): [string, string][] {
    const headers = super.getHeaders();
    if (this.validMethods.length > 0) headers.push(["Allow", this.validMethods.join(", ")]);
    return headers;
  }
}

/**
 * 406: no representation matches the Accept headers.
 *
 * @example
 * throw new NotAcceptable();
 */
export class NotAcceptable extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      406,
      description ??
        "The resource identified by the request is only capable of generating response entities which have content characteristics not acceptable according to the accept headers sent in the request.",
      { ...options, name: "Not Acceptable" },
    );
  }
}

/**
 * 408: the client was too slow.
 *
 * @example
 * throw new RequestTimeout();
 */
export class RequestTimeout extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      408,
      description ??
        "The server closed the network connection because the browser didn't finish the request within the specified time.",
      { ...options, name: "Request Timeout" },
    );
  }
}

/**
 * 409: the request conflicts with the resource's state.
 *
 * @example
 * throw new Conflict();
 */
export class Conflict extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      409,
      description ??
        "A conflict happened while processing the request. The resource might have been modified while the request was being processed.",
      { ...options, name: "Conflict" },
    );
  }
}

/**
 * 410: the resource is gone for good.
 *
 * @example
 * throw new Gone();
 */
export class Gone extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      410,
      description ??
        "The requested URL is no longer available on this server and there is no forwarding address. If you followed a link from a foreign page, please contact the author of this page.",
      { ...options, name: "Gone" },
    );
  }
}

/**
 * 411: a body was sent without a usable Content-Length.
 *
 * @example
 * throw new LengthRequired();
 */
export class LengthRequired extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      411,
      description ?? "A request with this method requires a valid Content-Length header.",
      { ...options, name: "Length Required" },
    );
  }
}

/**
 * 412: a precondition header did not hold.
 *
 * @example
 * throw new PreconditionFailed();
 */
export class PreconditionFailed extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      412,
      description ?? "The precondition on the request for the URL failed positive evaluation.",
      { ...options, name: "Precondition Failed" },
    );
  }
}

/**
 * 413: the body is larger than `MAX_CONTENT_LENGTH` (or another limit).
 *
 * @example
 * throw new RequestEntityTooLarge();
 */
export class RequestEntityTooLarge extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(413, description ?? "The data value transmitted exceeds the capacity limit.", {
      ...options,
      name: "Request Entity Too Large",
    });
  }
}

/**
 * 414: the URL is too long.
 *
 * @example
 * throw new RequestURITooLarge();
 */
export class RequestURITooLarge extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      414,
      description ??
        "The length of the requested URL exceeds the capacity limit for this server. The request cannot be processed.",
      { ...options, name: "Request URI Too Large" },
    );
  }
}

/**
 * 415: the body's media type is not supported (e.g. `request.json` on a form post).
 *
 * @example
 * throw new UnsupportedMediaType();
 */
export class UnsupportedMediaType extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      415,
      description ?? "The server does not support the media type transmitted in the request.",
      { ...options, name: "Unsupported Media Type" },
    );
  }
}

/**
 * 416: the Range cannot be served; `length` (the full size) goes into `Content-Range: bytes *\/length`.
 *
 * @example
 * throw new RequestedRangeNotSatisfiable(fileSize);
 */
export class RequestedRangeNotSatisfiable extends HTTPException {
  readonly length: number | undefined;
  constructor(
    length?: number,
    description?: string,
    options?: HTTPExceptionOptions & { units?: string },
  ) {
    super(416, description ?? "The server cannot provide the requested range.", {
      ...options,
      name: "Requested Range Not Satisfiable",
    });
    this.length = length;
  }
  override getHeaders(): [string, string][] {
    const headers = super.getHeaders();
    if (this.length !== undefined) headers.push(["Content-Range", `bytes */${this.length}`]);
    return headers;
  }
}

/**
 * 417: the Expect header cannot be met.
 *
 * @example
 * throw new ExpectationFailed();
 */
export class ExpectationFailed extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(417, description ?? "The server could not meet the requirements of the Expect header", {
      ...options,
      name: "Expectation Failed",
    });
  }
}

/**
 * 418: RFC 2324.
 *
 * @example
 * throw new ImATeapot();
 */
export class ImATeapot extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(418, description ?? "This server is a teapot, not a coffee machine", {
      ...options,
      name: "I'm a teapot",
    });
  }
}

/**
 * 422: well-formed but semantically wrong.
 *
 * @example
 * throw new UnprocessableEntity();
 */
export class UnprocessableEntity extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      422,
      description ??
        "The request was well-formed but was unable to be followed due to semantic errors.",
      { ...options, name: "Unprocessable Entity" },
    );
  }
}

/**
 * 429: rate limited.
 *
 * @example
 * throw new TooManyRequests();
 */
export class TooManyRequests extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      429,
      description ?? "This user has exceeded an allotted request count. Try again later.",
      { ...options, name: "Too Many Requests" },
    );
  }
}

/**
 * 500: an error in the application; `originalError` is what was thrown, if anything.
 *
 * @example
 * app.errorhandler(500, (error: InternalServerError) => ["Sorry", 500]);
 */
export class InternalServerError extends HTTPException {
  readonly originalError: unknown;
  constructor(description?: string, options: HTTPExceptionOptions = {}) {
    super(
      500,
      description ??
        "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.",
      { ...options, name: "Internal Server Error" },
    );
    this.originalError = options.cause;
  }
}

/**
 * 501: the method or feature is not supported by the server.
 *
 * @example
 * throw new NotImplemented();
 */
export class NotImplemented extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(501, description ?? "The server does not support the action requested by the browser.", {
      ...options,
      name: "Not Implemented",
    });
  }
}

/**
 * 502: an upstream server answered badly.
 *
 * @example
 * throw new BadGateway();
 */
export class BadGateway extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      502,
      description ?? "The proxy server received an invalid response from an upstream server.",
      { ...options, name: "Bad Gateway" },
    );
  }
}

/**
 * 503: down for maintenance or overloaded.
 *
 * @example
 * throw new ServiceUnavailable();
 */
export class ServiceUnavailable extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(
      503,
      description ??
        "The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.",
      { ...options, name: "Service Unavailable" },
    );
  }
}

/**
 * 504: an upstream server timed out.
 *
 * @example
 * throw new GatewayTimeout();
 */
export class GatewayTimeout extends HTTPException {
  constructor(description?: string, options?: HTTPExceptionOptions) {
    super(504, description ?? "The connection to an upstream server timed out.", {
      ...options,
      name: "Gateway Timeout",
    });
  }
}
