import type { App, Body, Environ, StartResponse } from "@tsgi/core";
import { Config } from "../config/config.ts";
import { runInContext, type AppContextState, type RequestContextState } from "../ctx/context.ts";
import { Rule, UrlMap, type ConverterClass, type MapAdapter } from "../routing/index.ts";
import { SecureCookieSessionInterface, type SessionInterface } from "../sessions/cookie-session.ts";
import { NullSession } from "../sessions/session.ts";
import { Request } from "../wrappers/request.ts";
import type { Response } from "../wrappers/response.ts";
import type { Blueprint, BlueprintOptions } from "./blueprint.ts";
import { handleRequest, matchRequest } from "./dispatch.ts";
import { toResponse } from "./make-response.ts";
import { defaultInstancePath, resolveFolder, resolveRoot } from "./root-path.ts";
import { Scaffold, SetupError, type TemplateFilter } from "./scaffold.ts";
import { sendStaticFile } from "./static-view.ts";
import type { ResponseReturnValue, RouteOptions, View } from "./types.ts";
import { TemplateRenderer } from "../templating/renderer.ts";
import { CommandRegistry } from "../cli/commands.ts";
import { FlaskClient, type FlaskClientOptions } from "../testing/flask-client.ts";
import { buildTestEnviron, type TestEnvironOptions } from "@tsgi/core/testing";

/** Options of `new Flask(importName, options)`. */
export interface FlaskOptions {
  /** The app's name (default: the module's file name). */
  name?: string;
  /** Folder of static files, relative to the root (default "static"; `null` = none). */
  staticFolder?: string | null;
  /** URL prefix of static files (default "/" + the static folder's name). */
  staticUrlPath?: string;
  /** Folder of templates, relative to the root (default "templates"; `null` = none). */
  templateFolder?: string | null;
  /**
   * Folder for instance files (flaskr keeps its database there); default, as Flask: `instance/`
   * beside a package (an `index.ts` module), else inside the module's folder.
   */
  instancePath?: string;
  /** Read config files relative to the instance folder instead of the root. */
  instanceRelativeConfig?: boolean;
  /** Custom URL converters by name (`<list:ids>`), as `app.url_map.converters`. */
  converters?: Record<string, ConverterClass>;
  /** Redirect the slashless URL of rules ending in "/" (default true). */
  strictSlashes?: boolean;
}

/**
 * The application object, like Flask's `Flask`: routes, hooks, config, blueprints, sessions,
 * templates and static files, served through TSGI by `app.tsgiApp`.
 *
 * The first argument plays the part of Flask's `import_name`: pass `import.meta.url` (the
 * folder of the module is the root path, where `templates/` and `static/` live) or a path.
 *
 * @example
 * import { Flask, request } from "@tsgi/flask";
 * export function createApp(testConfig?: Record<string, unknown>) {
 *   const app = new Flask(import.meta.url, { instancePath: "/tmp/flaskr" });
 *   app.config.fromObject({ SECRET_KEY: "dev", ...testConfig });
 *   app.get("/hello", function hello() {
 *     return `Hello, ${request.args.get("name") ?? "World"}!`;
 *   });
 *   return app;
 * }
 * // tsgi serve src/app.ts:app   or   await serve(createApp().tsgiApp, { port: 8000 })
 */
export class Flask extends Scaffold {
  readonly rootPath: string;
  readonly instancePath: string;
  readonly config: Config;
  readonly urlMap: UrlMap;
  staticFolder: string | undefined;
  staticUrlPath: string | undefined;
  templateFolder: string | undefined;
  /** How sessions are opened and saved (signed cookies by default). */
  sessionInterface: SessionInterface = new SecureCookieSessionInterface();
  /** The request class the app builds for each request (subclass it to add helpers). */
  requestClass: typeof Request = Request;
  /** Registered blueprints by full name, in registration order. */
  readonly blueprints = new Map<string, Blueprint>();
  /** Template filters and globals added with `templateFilter`/`templateGlobal`. */
  readonly templateFilters = new Map<string, TemplateFilter>();
  readonly templateGlobals = new Map<string, unknown>();
  /**
   * The app's `tsgi-flask` commands (Flask's `app.cli`): `app.cli.command("init-db", handler)`.
   * They run inside the app context; see src/cli/README.md.
   */
  readonly cli = new CommandRegistry<Flask>();
  /** `appContext` teardown callbacks (Flask's `teardown_appcontext`). */
  readonly teardownAppcontextFuncs: ((error: unknown) => void | Promise<void>)[] = [];
  /**
   * The TSGI application (Flask's `wsgi_app`): serve this. It is a plain property so that
   * middleware can wrap it in place: `app.tsgiApp = proxyFix(app.tsgiApp)`.
   */
  tsgiApp: App;
  #renderer: TemplateRenderer | undefined;
  #gotFirstRequest = false;

  constructor(importName: string, options: FlaskOptions = {}) {
    const root = resolveRoot(importName);
    super(options.name ?? root.name);
    this.rootPath = root.rootPath;
    this.instancePath =
      resolveFolder(this.rootPath, options.instancePath) ?? defaultInstancePath(root);
    this.config = new Config(
      {},
      options.instanceRelativeConfig ? this.instancePath : this.rootPath,
    );
    this.urlMap = new UrlMap({
      ...(options.converters === undefined ? {} : { converters: options.converters }),
      ...(options.strictSlashes === undefined ? {} : { strictSlashes: options.strictSlashes }),
    });
    this.staticFolder = resolveFolder(
      this.rootPath,
      options.staticFolder === undefined ? "static" : options.staticFolder,
    );
    this.templateFolder = resolveFolder(
      this.rootPath,
      options.templateFolder === undefined ? "templates" : options.templateFolder,
    );
    if (this.staticFolder !== undefined) {
      const folderName = this.staticFolder.split(/[\\/]/).pop() ?? "static";
      this.staticUrlPath = (options.staticUrlPath ?? `/${folderName}`).replace(/\/+$/, "");
      this.addUrlRule(
        `${this.staticUrlPath}/<path:filename>`,
        { endpoint: "static" },
        ({ filename }) =>
          sendStaticFile(
            this.staticFolder!,
            String(filename),
            this.config.SEND_FILE_MAX_AGE_DEFAULT,
          ),
      );
    }
    this.tsgiApp = (environ: Environ, startResponse: StartResponse): Promise<Body> =>
      this.handle(environ, startResponse);
  }

  /** `config.DEBUG`. */
  get debug(): boolean {
    return this.config.DEBUG === true;
  }
  set debug(value: boolean) {
    this.config.DEBUG = value;
  }

  /** `config.TESTING`. */
  get testing(): boolean {
    return this.config.TESTING === true;
  }
  set testing(value: boolean) {
    this.config.TESTING = value;
  }

  /** `config.SECRET_KEY`. */
  get secretKey(): string | null {
    return this.config.SECRET_KEY;
  }
  set secretKey(value: string | null) {
    this.config.SECRET_KEY = value;
  }

  /**
   * Registers a URL rule (Flask's `add_url_rule`). The endpoint defaults to the view's name;
   * methods default to GET (HEAD follows GET); OPTIONS is answered automatically with `Allow`.
   * A second rule with the same pattern and overlapping methods is rejected
   * (`FLASK_E_DUPLICATE_RULE`), as is one endpoint bound to two different views.
   *
   * @example
   * app.addUrlRule("/", { endpoint: "index" }, () => "home");
   */
  addUrlRule(rule: string, options: RouteOptions = {}, view?: View): void {
    this.#assertSetupAllowed("addUrlRule");
    const endpoint = options.endpoint ?? endpointFromView(view);
    if (endpoint === undefined) {
      throw new SetupError(
        "FLASK_E_NO_ENDPOINT",
        `the view for ${JSON.stringify(rule)} has no name: use a named function or pass options.endpoint`,
      );
    }
    // OPTIONS is not added to the rule: the app answers it for any path some rule matches
    // (see dispatch.ts), so two rules on one path do not collide on OPTIONS.
    const methods = new Set((options.methods ?? ["GET"]).map((method) => method.toUpperCase()));
    const ruleObject = new Rule(rule, {
      endpoint,
      methods,
      ...(options.defaults === undefined ? {} : { defaults: options.defaults }),
      ...(options.strictSlashes === undefined ? {} : { strictSlashes: options.strictSlashes }),
      ...(options.redirectTo === undefined ? {} : { redirectTo: options.redirectTo }),
    });
    if (view !== undefined) {
      const existing = this.viewFunctions.get(endpoint);
      if (existing !== undefined && existing !== view) {
        throw new SetupError(
          "FLASK_E_ENDPOINT_EXISTS",
          `View function mapping is overwriting an existing endpoint function: ${endpoint}`,
        );
      }
    }
    this.urlMap.add(ruleObject);
    if (view !== undefined) this.viewFunctions.set(endpoint, view);
  }

  /**
   * Registers a blueprint: its routes (under `urlPrefix`), hooks, error handlers, templates
   * and static files. Options override the blueprint's own (`urlPrefix`, `name`).
   *
   * @example
   * app.registerBlueprint(auth);                       // /auth/login → "auth.login"
   * app.registerBlueprint(api, { urlPrefix: "/api/v2", name: "api_v2" });
   */
  registerBlueprint(blueprint: Blueprint, options: BlueprintOptions = {}): void {
    this.#assertSetupAllowed("registerBlueprint");
    blueprint.register(this, options);
  }

  /** Registers a template filter (`{{ value | name }}`). */
  templateFilter<F extends TemplateFilter>(name: string, filter: F): F {
    this.templateFilters.set(name, filter);
    return filter;
  }

  /** Registers a template global (`{{ name(...) }}` / `{{ name }}`). */
  templateGlobal<T>(name: string, value: T): T {
    this.templateGlobals.set(name, value);
    return value;
  }

  /** Runs when an app context ends (after each request and each `appContext().run`). */
  teardownAppcontext<H extends (error: unknown) => void | Promise<void>>(hook: H): H {
    this.teardownAppcontextFuncs.push(hook);
    return hook;
  }

  /** The nunjucks-backed renderer (created on first use, once blueprints are registered). */
  get templates(): TemplateRenderer {
    return (this.#renderer ??= new TemplateRenderer(this));
  }

  /** Turns a view-style return value into a `Response` (Flask's `app.make_response`). */
  makeResponse(rv: ResponseReturnValue): Response {
    return toResponse(rv, { ...(this.debug ? { jsonIndent: 2 } : {}) });
  }

  /**
   * A URL adapter: bound to the request when given, else to `SERVER_NAME` (or `undefined`
   * when that is not configured: no URL can be built outside a request then).
   */
  createUrlAdapter(request?: Request): MapAdapter | undefined {
    if (request !== undefined) return this.urlMap.bindToEnviron(request.environ);
    const serverName = this.config.SERVER_NAME;
    if (serverName === null || serverName === undefined || serverName === "") return undefined;
    return this.urlMap.bind({
      serverName,
      scriptName: this.config.APPLICATION_ROOT ?? "/",
      urlScheme: this.config.PREFERRED_URL_SCHEME ?? "http",
    });
  }

  /** The TSGI entry point behind {@link tsgiApp}. */
  async handle(environ: Environ, startResponse: StartResponse): Promise<Body> {
    this.#gotFirstRequest = true;
    return handleRequest(this, environ, startResponse);
  }

  /**
   * An app context for code outside a request (CLI commands, tests, init-db): `currentApp`,
   * `g` and `urlFor` (with `SERVER_NAME`) work inside `run`.
   *
   * @example
   * await app.appContext().run(() => initDb());
   */
  appContext(): { run<T>(fn: () => T | Promise<T>): Promise<T> } {
    return {
      run: async <T>(fn: () => T | Promise<T>): Promise<T> => {
        const state: AppContextState = { app: this, g: {}, urlAdapter: this.createUrlAdapter() };
        return runInContext(state, async () => {
          let error: unknown;
          try {
            return await fn();
          } catch (caught) {
            error = caught;
            throw caught;
          } finally {
            for (const hook of [...this.teardownAppcontextFuncs].reverse()) await hook(error);
          }
        });
      },
    };
  }

  /**
   * A request context for a made-up request, for tests (Flask's `test_request_context`):
   * `request`, `session`, `g` and `urlFor` work inside `run`. The body is loaded first.
   *
   * @example
   * await app.testRequestContext("/?name=Ada").run(() => {
   *   assert.equal(request.args.get("name"), "Ada");
   * });
   */
  testRequestContext(
    path = "/",
    options: TestEnvironOptions & { method?: string } = {},
  ): { run<T>(fn: () => T | Promise<T>): Promise<T> } {
    return {
      run: async <T>(fn: () => T | Promise<T>): Promise<T> => {
        const environ = buildTestEnviron(options.method ?? "GET", path, options);
        const request = this.newRequest(environ);
        const state: RequestContextState = {
          app: this,
          g: {},
          request,
          session: new NullSession(),
          urlAdapter: this.createUrlAdapter(request),
          flashes: undefined,
          afterThisRequest: [],
        };
        return runInContext(state, async () => {
          state.session = this.sessionInterface.openSession(this.config, request);
          matchRequest(state);
          await request.loadBody();
          return fn();
        });
      },
    };
  }

  /** A new request object with this app's limits. */
  newRequest(environ: Environ): Request {
    const request = new this.requestClass(environ);
    request.maxContentLength = this.config.MAX_CONTENT_LENGTH ?? null;
    request.maxFormMemorySize = this.config.MAX_FORM_MEMORY_SIZE ?? null;
    request.maxFormParts = this.config.MAX_FORM_PARTS ?? null;
    return request;
  }

  /**
   * A test client (Flask's `test_client`), on the core in-process client: cookies kept
   * between requests, Flask-like `get/post(path, { data, json, headers, followRedirects })`.
   *
   * @example
   * const client = app.testClient();
   * const response = await client.post("/auth/login", { data: { username: "a", password: "b" } });
   * assert.equal(response.headers.get("Location"), "/");
   */
  testClient(options: FlaskClientOptions = {}): FlaskClient {
    return new FlaskClient(this, options);
  }

  /**
   * Serves the app with `serve` from `@tsgi/server` (Flask's `app.run`): the server named by
   * `TSGI_SERVER` (default node), 127.0.0.1:8000 unless told otherwise.
   *
   * @example
   * const handle = await app.run({ port: 5000 });
   */
  async run(options: { host?: string; port?: number; server?: string } = {}) {
    const { serve } = await import("@tsgi/server");
    return serve(this.tsgiApp, options);
  }

  #assertSetupAllowed(what: string): void {
    if (this.#gotFirstRequest) {
      throw new SetupError(
        "FLASK_E_SETUP_FINISHED",
        `${what} was called after the application started handling requests; register everything before the first request`,
      );
    }
  }
}

/** Flask's default endpoint: the view function's name. */
function endpointFromView(view: View | undefined): string | undefined {
  const name = view?.name;
  return name === undefined || name === "" || name === "anonymous" ? undefined : name;
}
