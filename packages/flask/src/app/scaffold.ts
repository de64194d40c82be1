import { DEFAULT_EXCEPTIONS } from "../exceptions/abort.ts";
import { HTTPException } from "../exceptions/http-exception.ts";
import type {
  AfterRequestHook,
  BeforeRequestHook,
  ContextProcessor,
  ErrorClass,
  ErrorHandler,
  RouteOptions,
  TeardownHook,
  View,
} from "./types.ts";

/**
 * Thrown for registration mistakes: a nameless view, a bad error code, a late blueprint.
 *
 * @example
 * app.addUrlRule("/x", {}, () => "x"); // SetupError FLASK_E_NO_ENDPOINT: an arrow has no name
 */
export class SetupError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Handlers by class, for one code (or `null`: registered by class only). */
export type HandlerMap = Map<ErrorClass<unknown>, ErrorHandler<unknown>>;

/** Template filters by name. */
export type TemplateFilter = (...args: never[]) => unknown;

/**
 * What `Flask` and `Blueprint` share (Flask's `Scaffold`): routes and the hooks, handlers and
 * template helpers registered on them. Maps are keyed by scope: `null` is the object itself;
 * on an app, a blueprint's name is that blueprint's scope.
 *
 * @example
 * function addHealth(target: Scaffold) {
 *   target.get("/health", function health() { return "ok"; });
 * }
 * addHealth(app); addHealth(blueprint);
 */
export abstract class Scaffold {
  readonly name: string;
  readonly viewFunctions = new Map<string, View>();
  readonly beforeRequestFuncs = new Map<string | null, BeforeRequestHook[]>();
  readonly afterRequestFuncs = new Map<string | null, AfterRequestHook[]>();
  readonly teardownRequestFuncs = new Map<string | null, TeardownHook[]>();
  readonly errorHandlerSpec = new Map<string | null, Map<number | null, HandlerMap>>();
  readonly templateContextProcessors = new Map<string | null, ContextProcessor[]>();

  constructor(name: string) {
    this.name = name;
  }

  /** Registers a rule (see `Flask.addUrlRule` and `Blueprint.addUrlRule`). */
  abstract addUrlRule(rule: string, options?: RouteOptions, view?: View): void;

  /**
   * Registers `view` for `rule` (Flask's `@app.route`); returns the view. The endpoint is the
   * view's function name unless `options.endpoint` says otherwise.
   *
   * @example
   * app.route("/hello/<name>", { methods: ["GET", "POST"] }, function hello({ name }) {
   *   return `Hello, ${name}!`;
   * });
   */
  route<V extends View>(rule: string, view: V): V;
  route<V extends View>(rule: string, options: RouteOptions, view: V): V;
  route<V extends View>(rule: string, optionsOrView: RouteOptions | V, maybeView?: V): V {
    const [options, view] =
      typeof optionsOrView === "function" ? [{}, optionsOrView] : [optionsOrView, maybeView];
    if (typeof view !== "function") {
      throw new SetupError(
        "FLASK_E_NO_VIEW",
        `route ${JSON.stringify(rule)} needs a view function`,
      );
    }
    this.addUrlRule(rule, options, view);
    return view;
  }

  /** `route(rule, { ...options, methods: ["GET"] }, view)`. */
  get<V extends View>(rule: string, view: V): V;
  get<V extends View>(rule: string, options: Omit<RouteOptions, "methods">, view: V): V;
  get<V extends View>(rule: string, a: Omit<RouteOptions, "methods"> | V, b?: V): V {
    return this.#method("GET", rule, a, b);
  }
  /** `route(rule, { ...options, methods: ["POST"] }, view)`. */
  post<V extends View>(rule: string, view: V): V;
  post<V extends View>(rule: string, options: Omit<RouteOptions, "methods">, view: V): V;
  post<V extends View>(rule: string, a: Omit<RouteOptions, "methods"> | V, b?: V): V {
    return this.#method("POST", rule, a, b);
  }
  /** `route(rule, { ...options, methods: ["PUT"] }, view)`. */
  put<V extends View>(rule: string, view: V): V;
  put<V extends View>(rule: string, options: Omit<RouteOptions, "methods">, view: V): V;
  put<V extends View>(rule: string, a: Omit<RouteOptions, "methods"> | V, b?: V): V {
    return this.#method("PUT", rule, a, b);
  }
  /** `route(rule, { ...options, methods: ["PATCH"] }, view)`. */
  patch<V extends View>(rule: string, view: V): V;
  patch<V extends View>(rule: string, options: Omit<RouteOptions, "methods">, view: V): V;
  patch<V extends View>(rule: string, a: Omit<RouteOptions, "methods"> | V, b?: V): V {
    return this.#method("PATCH", rule, a, b);
  }
  /** `route(rule, { ...options, methods: ["DELETE"] }, view)`. */
  delete<V extends View>(rule: string, view: V): V;
  delete<V extends View>(rule: string, options: Omit<RouteOptions, "methods">, view: V): V;
  delete<V extends View>(rule: string, a: Omit<RouteOptions, "methods"> | V, b?: V): V {
    return this.#method("DELETE", rule, a, b);
  }

  #method<V extends View>(
    method: string,
    rule: string,
    a: Omit<RouteOptions, "methods"> | V,
    b: V | undefined,
  ): V {
    if (typeof a === "function") return this.route(rule, { methods: [method] }, a);
    if ("methods" in a) {
      throw new SetupError(
        "FLASK_E_METHODS_SHORTCUT",
        `use route() to pass methods; ${method.toLowerCase()}() sets them`,
      );
    }
    return this.route(rule, { ...a, methods: [method] }, b as V);
  }

  /**
   * Runs `hook` before each request (of this blueprint, on a blueprint); a non-`undefined`
   * return ends the request with that response, and the view is not called.
   *
   * @example
   * app.beforeRequest(function loadUser() {
   *   const id = session.get("userId");
   *   g.user = id === undefined ? undefined : getUser(id);
   * });
   */
  beforeRequest<H extends BeforeRequestHook>(hook: H): H {
    push(this.beforeRequestFuncs, null, hook);
    return hook;
  }

  /**
   * Runs `hook` with the response after each request; hooks run in reverse registration order.
   *
   * @example
   * app.afterRequest((response) => {
   *   response.headers.set("X-Frame-Options", "DENY");
   *   return response;
   * });
   */
  afterRequest<H extends AfterRequestHook>(hook: H): H {
    push(this.afterRequestFuncs, null, hook);
    return hook;
  }

  /**
   * Runs `hook` when the request ends, always — with the unhandled error, if any.
   *
   * @example
   * app.teardownRequest(() => closeDb());
   */
  teardownRequest<H extends TeardownHook>(hook: H): H {
    push(this.teardownRequestFuncs, null, hook);
    return hook;
  }

  /**
   * Registers an error handler for a status code or an error class (subclasses included; the
   * most specific class wins).
   *
   * @example
   * app.errorhandler(404, () => [renderTemplate("404.html"), 404]);
   * app.errorhandler(DatabaseError, (error) => [{ error: error.message }, 503]);
   */
  errorhandler<E>(codeOrClass: number | ErrorClass<E>, handler: ErrorHandler<E>): ErrorHandler<E> {
    this.registerErrorHandler(null, codeOrClass, handler);
    return handler;
  }

  /** Stores a handler under `scope` (`null` = this object). */
  protected registerErrorHandler<E>(
    scope: string | null,
    codeOrClass: number | ErrorClass<E>,
    handler: ErrorHandler<E>,
  ): void {
    const [code, errorClass] = errorClassFor(codeOrClass);
    let byCode = this.errorHandlerSpec.get(scope);
    if (byCode === undefined) this.errorHandlerSpec.set(scope, (byCode = new Map()));
    let byClass = byCode.get(code);
    if (byClass === undefined) byCode.set(code, (byClass = new Map()));
    byClass.set(errorClass as ErrorClass<unknown>, handler as ErrorHandler<unknown>);
  }

  /**
   * Adds values to every template context (of this blueprint's requests, on a blueprint).
   *
   * @example
   * app.contextProcessor(() => ({ siteName: "Flaskr" }));
   */
  contextProcessor<P extends ContextProcessor>(processor: P): P {
    push(this.templateContextProcessors, null, processor);
    return processor;
  }
}

/**
 * Appends to the list under `key`, creating it.
 *
 * @example
 * push(app.beforeRequestFuncs, "auth", hook);
 */
export function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * Maps `errorhandler`'s argument to (code, class): a code is stored with its default error
 * class (so 404 and NotFound are one handler), a class with its code when it is an HTTP error.
 */
function errorClassFor<E>(
  codeOrClass: number | ErrorClass<E>,
): [number | null, ErrorClass<unknown>] {
  if (typeof codeOrClass === "number") {
    const errorClass = DEFAULT_EXCEPTIONS.get(codeOrClass);
    if (errorClass === undefined) {
      throw new SetupError(
        "FLASK_E_UNKNOWN_ERROR_CODE",
        `${codeOrClass} is not a recognized HTTP error code. Use a subclass of HTTPException with that code instead.`,
      );
    }
    return [codeOrClass, errorClass as unknown as ErrorClass<unknown>];
  }
  if (typeof codeOrClass !== "function") {
    throw new SetupError(
      "FLASK_E_BAD_ERROR_HANDLER",
      "errorhandler takes a status code or an error class",
    );
  }
  return [httpCodeOf(codeOrClass as ErrorClass<unknown>), codeOrClass as ErrorClass<unknown>];
}

/** The code of an HTTPException subclass (its instances fix it), or null for other classes. */
function httpCodeOf(errorClass: ErrorClass<unknown>): number | null {
  if (!(errorClass.prototype instanceof HTTPException)) return null;
  try {
    return new (errorClass as unknown as new () => HTTPException)().code;
  } catch {
    return null; // a constructor with required arguments: found through the class alone
  }
}
