import { ImproperlyConfigured } from "../core/exceptions.ts";
import type { HttpRequest } from "../http/request.ts";
import { HttpResponse, type HttpResponseBase } from "../http/response.ts";
import {
  HttpResponseGone,
  HttpResponseNotAllowed,
  HttpResponsePermanentRedirect,
  HttpResponseRedirect,
} from "../http/response-types.ts";
import { render } from "../shortcuts/shortcuts.ts";
import { reverse, type LazyUrl } from "../urls/base.ts";
import type { ViewFunction } from "../urls/types.ts";

/**
 * The HTTP methods a class-based view may handle (lower case, as method names).
 *
 * @example
 * class ReadOnly extends View { override httpMethodNames = ["get", "head", "options"]; }
 */
export const HTTP_METHOD_NAMES = [
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "options",
  "trace",
] as const;

/** The view function `asView()` returns, with the class and arguments it was made from. */
export type ClassBasedViewFunction = ViewFunction & {
  readonly viewClass: typeof View;
  readonly viewInitkwargs: Readonly<Record<string, unknown>>;
};

type Handler = (
  request: HttpRequest,
  kwargs: Record<string, unknown>,
  ...args: unknown[]
) => HttpResponseBase | Promise<HttpResponseBase>;

/**
 * Django's class-based `View`: `asView()` makes a view function that, per request, creates
 * an instance, sets `request`, `kwargs` and `args`, and dispatches to the method named after
 * the HTTP method (`get`, `post`, …). HEAD falls back to `get`; OPTIONS answers with
 * `Allow`; other methods get 405 with `Allow`.
 *
 * @example
 * class Hello extends View {
 *   greeting = "Hello";
 *   get(request: HttpRequest) { return new HttpResponse(`${this.greeting}, ${this.kwargs.name}`); }
 * }
 * path("hello/<name>/", Hello.asView({ greeting: "Hi" }));
 */
export class View {
  /** Methods this view may answer (subset of HTTP_METHOD_NAMES). */
  httpMethodNames: readonly string[] = HTTP_METHOD_NAMES;
  request!: HttpRequest;
  kwargs: Record<string, unknown> = {};
  args: unknown[] = [];

  /**
   * The view function for this class. `initkwargs` override class fields per request; only
   * existing fields are accepted, never method names (as Django).
   *
   * @example
   * path("about/", TemplateView.asView({ templateName: "about.html" }));
   */
  static asView<T extends View>(
    this: new () => T,
    initkwargs: Partial<Omit<T, (typeof HTTP_METHOD_NAMES)[number]>> = {},
  ): ClassBasedViewFunction {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class asView was called on
    const ViewClass = this;
    const probe = new ViewClass();
    for (const key of Object.keys(initkwargs)) {
      if ((HTTP_METHOD_NAMES as readonly string[]).includes(key)) {
        throw new TypeError(
          `The method name ${key} is not accepted as a keyword argument to ${ViewClass.name}.asView().`,
        );
      }
      if (!(key in probe)) {
        throw new TypeError(
          `${ViewClass.name}.asView() received an invalid keyword '${key}'. asView only accepts ` +
            "arguments that are already attributes of the class.",
        );
      }
    }
    const view = async (
      request: HttpRequest,
      kwargs: Record<string, unknown> = {},
      ...args: unknown[]
    ) => {
      const instance = new ViewClass();
      Object.assign(instance, initkwargs);
      instance.setup(request, kwargs, args);
      return instance.dispatch(request);
    };
    Object.defineProperty(view, "name", { value: ViewClass.name });
    return Object.assign(view, {
      viewClass: ViewClass as unknown as typeof View,
      viewInitkwargs: { ...initkwargs },
    });
  }

  /** Sets `request`, `kwargs` and `args` (Django's `setup`). */
  setup(request: HttpRequest, kwargs: Record<string, unknown>, args: unknown[]): void {
    if (this.handlerFor("get") !== undefined && this.handlerFor("head") === undefined) {
      (this as unknown as Record<string, unknown>).head = this.handlerFor("get");
    }
    this.request = request;
    this.kwargs = kwargs;
    this.args = args;
  }

  /** The method handling `name`, if this view has one. */
  protected handlerFor(name: string): Handler | undefined {
    if (!this.httpMethodNames.includes(name)) return undefined;
    const handler = (this as unknown as Record<string, unknown>)[name];
    return typeof handler === "function" ? (handler as Handler) : undefined;
  }

  /** Calls the handler for the request's method, or `httpMethodNotAllowed`. */
  async dispatch(request: HttpRequest): Promise<HttpResponseBase> {
    const handler = this.handlerFor(request.method.toLowerCase());
    if (handler === undefined) return this.httpMethodNotAllowed(request);
    return handler.call(this, request, this.kwargs, ...this.args);
  }

  /** 405 with the `Allow` header. */
  httpMethodNotAllowed(request: HttpRequest): HttpResponseBase {
    request.META["tsgi.errors"]?.write(`Method Not Allowed (${request.method}): ${request.path}\n`);
    return new HttpResponseNotAllowed(this.allowedMethods());
  }

  /** The methods this view answers, upper case. */
  allowedMethods(): string[] {
    return HTTP_METHOD_NAMES.filter(
      (name) => this.handlerFor(name) !== undefined || name === "options",
    ).map((name) => name.toUpperCase());
  }

  /** OPTIONS: 200, empty body, `Allow`. */
  options(_request: HttpRequest): HttpResponseBase {
    const response = new HttpResponse("");
    response.headers.set("Allow", this.allowedMethods().join(", "));
    response.headers.set("Content-Length", "0");
    return response;
  }
}

/**
 * Renders a template with the URL's kwargs and `extraContext` (Django's `TemplateView`).
 *
 * @example
 * path("about/", TemplateView.asView({ templateName: "about.html", extraContext: { title: "About" } }));
 */
export class TemplateView extends View {
  templateName: string | undefined = undefined;
  /** Variables added to every render. */
  extraContext: Record<string, unknown> | undefined = undefined;
  contentType: string | undefined = undefined;

  /** The context: the URL kwargs, `view`, then `extraContext` (Django's `ContextMixin`). */
  async getContextData(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return { ...extra, view: this, ...this.extraContext };
  }

  /** Template names to try, in order. */
  getTemplateNames(): string[] {
    if (this.templateName === undefined) {
      throw new ImproperlyConfigured(
        `${this.constructor.name} requires either a definition of 'templateName' or an implementation of 'getTemplateNames()'`,
      );
    }
    return [this.templateName];
  }

  /** Renders the first existing template with `context`. */
  renderToResponse(context: Record<string, unknown>, status = 200): Promise<HttpResponse> {
    return render(this.request, this.getTemplateNames(), context, {
      status,
      ...(this.contentType === undefined ? {} : { contentType: this.contentType }),
    });
  }

  async get(_request: HttpRequest): Promise<HttpResponseBase> {
    return this.renderToResponse(await this.getContextData(this.kwargs));
  }
}

/**
 * Redirects to `url` (with `%(name)s` placeholders filled from the URL kwargs) or to the
 * reversed `patternName`; `permanent` chooses 301 over 302, `queryString` keeps the query;
 * without a target, 410 Gone (Django's `RedirectView`).
 *
 * @example
 * path("old-polls/<int:pk>/", RedirectView.asView({ patternName: "polls:detail", permanent: true }));
 */
export class RedirectView extends View {
  permanent = false;
  url: string | LazyUrl | undefined = undefined;
  patternName: string | undefined = undefined;
  queryString = false;

  /** The target URL, or `undefined` for 410. */
  getRedirectUrl(): string | undefined {
    let url: string | undefined;
    if (this.url !== undefined) {
      url = String(this.url).replace(/%\((\w+)\)s/g, (_match, name: string) =>
        String(this.kwargs[name] ?? ""),
      );
    } else if (this.patternName !== undefined) {
      url = reverse(this.patternName, { args: this.args, kwargs: this.kwargs });
    } else {
      return undefined;
    }
    const query = this.request.META.QUERY_STRING;
    return this.queryString && query ? `${url}?${query}` : url;
  }

  get(request: HttpRequest): HttpResponseBase {
    const url = this.getRedirectUrl();
    if (url === undefined) {
      request.META["tsgi.errors"]?.write(`Gone: ${request.path}\n`);
      return new HttpResponseGone();
    }
    return this.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
  }

  head(request: HttpRequest): HttpResponseBase {
    return this.get(request);
  }
  post(request: HttpRequest): HttpResponseBase {
    return this.get(request);
  }
  put(request: HttpRequest): HttpResponseBase {
    return this.get(request);
  }
  patch(request: HttpRequest): HttpResponseBase {
    return this.get(request);
  }
  delete(request: HttpRequest): HttpResponseBase {
    return this.get(request);
  }
}
