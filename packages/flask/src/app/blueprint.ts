import { push, Scaffold, SetupError, type TemplateFilter } from "./scaffold.ts";
import type { Flask } from "./flask.ts";
import { resolveFolder, resolveRoot } from "./root-path.ts";
import { sendStaticFile } from "./static-view.ts";
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

/** Options of `new Blueprint(name, importName, options)` and of `registerBlueprint`. */
export interface BlueprintOptions {
  /** Prefix of every route of the blueprint, e.g. "/auth". */
  urlPrefix?: string;
  /** Register under another name (to register one blueprint twice). */
  name?: string;
  /** Default values for the views' arguments. */
  urlDefaults?: Record<string, unknown>;
}

/** Options of the Blueprint constructor. */
export interface BlueprintInit extends BlueprintOptions {
  /** The blueprint's own static folder, relative to its root (none by default). */
  staticFolder?: string;
  /** URL path of its static files under the prefix (default "/" + the folder's name). */
  staticUrlPath?: string;
  /** The blueprint's own templates folder (searched after the app's). */
  templateFolder?: string;
}

/** What a deferred registration sees: the app and the blueprint's resolved name and prefix. */
export interface BlueprintSetupState {
  readonly app: Flask;
  readonly blueprint: Blueprint;
  /** The dotted name, e.g. "admin.users". */
  readonly name: string;
  readonly urlPrefix: string;
  readonly urlDefaults: Record<string, unknown>;
  addUrlRule(rule: string, options: RouteOptions, view?: View): void;
}

/**
 * A group of routes, hooks, error handlers, templates and static files registered on an app
 * under a name and URL prefix, like Flask's `Blueprint`. Endpoints are `name.view`; inside a
 * blueprint's requests, `urlFor(".view")` means this blueprint's `view`.
 *
 * @example
 * export const auth = new Blueprint("auth", import.meta.url, { urlPrefix: "/auth" });
 * auth.route("/login", { methods: ["GET", "POST"] }, function login() { … });
 * auth.beforeAppRequest(function loadLoggedInUser() { … });   // every request of the app
 * app.registerBlueprint(auth);                                   // urlFor("auth.login") → "/auth/login"
 */
export class Blueprint extends Scaffold {
  readonly rootPath: string;
  readonly urlPrefix: string | undefined;
  readonly urlDefaults: Record<string, unknown>;
  readonly staticFolder: string | undefined;
  readonly staticUrlPath: string | undefined;
  readonly templateFolder: string | undefined;
  readonly #deferred: ((state: BlueprintSetupState) => void)[] = [];
  readonly #children: [Blueprint, BlueprintOptions][] = [];

  constructor(name: string, importName: string, options: BlueprintInit = {}) {
    if (name === "" || name.includes(".")) {
      throw new SetupError(
        "FLASK_E_BLUEPRINT_NAME",
        `'name' may not be empty or contain a dot '.' character: ${JSON.stringify(name)}`,
      );
    }
    super(name);
    this.rootPath = resolveRoot(importName).rootPath;
    this.urlPrefix = options.urlPrefix;
    this.urlDefaults = { ...options.urlDefaults };
    this.staticFolder = resolveFolder(this.rootPath, options.staticFolder);
    this.templateFolder = resolveFolder(this.rootPath, options.templateFolder);
    if (this.staticFolder !== undefined) {
      const folderName = this.staticFolder.split(/[\\/]/).pop() ?? "static";
      this.staticUrlPath = (options.staticUrlPath ?? `/${folderName}`).replace(/\/+$/, "");
      const folder = this.staticFolder;
      this.#deferred.push((state) =>
        state.addUrlRule(
          `${this.staticUrlPath}/<path:filename>`,
          { endpoint: "static" },
          ({ filename }) =>
            sendStaticFile(folder, String(filename), state.app.config.SEND_FILE_MAX_AGE_DEFAULT),
        ),
      );
    }
  }

  /** Records a rule, added to the app (prefixed, endpoint `name.endpoint`) on registration. */
  addUrlRule(rule: string, options: RouteOptions = {}, view?: View): void {
    const endpoint = options.endpoint ?? view?.name;
    if (endpoint !== undefined && endpoint.includes(".")) {
      throw new SetupError(
        "FLASK_E_ENDPOINT_DOT",
        `'endpoint' may not contain a dot '.' character: ${endpoint}`,
      );
    }
    this.#deferred.push((state) => state.addUrlRule(rule, options, view));
  }

  /** Nests `child` inside this blueprint (names `parent.child`, prefixes joined). */
  registerBlueprint(child: Blueprint, options: BlueprintOptions = {}): void {
    if (child === this)
      throw new SetupError("FLASK_E_BLUEPRINT_SELF", "Cannot register a blueprint on itself");
    this.#children.push([child, options]);
  }

  /** A `beforeRequest` hook for every request of the app, not only this blueprint's. */
  beforeAppRequest<H extends BeforeRequestHook>(hook: H): H {
    this.#deferred.push((state) => push(state.app.beforeRequestFuncs, null, hook));
    return hook;
  }

  /** An `afterRequest` hook for every request of the app. */
  afterAppRequest<H extends AfterRequestHook>(hook: H): H {
    this.#deferred.push((state) => push(state.app.afterRequestFuncs, null, hook));
    return hook;
  }

  /** A `teardownRequest` hook for every request of the app. */
  teardownAppRequest<H extends TeardownHook>(hook: H): H {
    this.#deferred.push((state) => push(state.app.teardownRequestFuncs, null, hook));
    return hook;
  }

  /** An error handler for the whole app (not only this blueprint's requests). */
  appErrorhandler<E>(
    codeOrClass: number | ErrorClass<E>,
    handler: ErrorHandler<E>,
  ): ErrorHandler<E> {
    this.#deferred.push((state) => state.app.errorhandler(codeOrClass, handler));
    return handler;
  }

  /** A context processor for every template of the app. */
  appContextProcessor<P extends ContextProcessor>(processor: P): P {
    this.#deferred.push((state) => push(state.app.templateContextProcessors, null, processor));
    return processor;
  }

  /** A template filter for the whole app. */
  appTemplateFilter<F extends TemplateFilter>(name: string, filter: F): F {
    this.#deferred.push((state) => state.app.templateFilter(name, filter));
    return filter;
  }

  /** A template global for the whole app. */
  appTemplateGlobal<T>(name: string, value: T): T {
    this.#deferred.push((state) => state.app.templateGlobal(name, value));
    return value;
  }

  /**
   * Called by `app.registerBlueprint`: adds the routes, merges hooks and handlers under the
   * blueprint's dotted name, then registers nested blueprints.
   */
  register(
    app: Flask,
    options: BlueprintOptions & { parentName?: string; parentPrefix?: string } = {},
  ): void {
    const ownName = options.name ?? this.name;
    if (ownName.includes(".")) {
      throw new SetupError(
        "FLASK_E_BLUEPRINT_NAME",
        `'name' may not contain a dot '.' character: ${ownName}`,
      );
    }
    const name = options.parentName === undefined ? ownName : `${options.parentName}.${ownName}`;
    const existing = app.blueprints.get(name);
    if (existing !== undefined) {
      throw new SetupError(
        "FLASK_E_BLUEPRINT_EXISTS",
        existing === this
          ? `The name '${name}' is already registered for this blueprint. Use 'name' to provide a unique name.`
          : `The name '${name}' is already registered for a different blueprint. Use 'name' to provide a unique name.`,
      );
    }
    app.blueprints.set(name, this);
    const urlPrefix = joinPrefix(options.parentPrefix, options.urlPrefix ?? this.urlPrefix);
    const urlDefaults = { ...this.urlDefaults, ...options.urlDefaults };
    const state: BlueprintSetupState = {
      app,
      blueprint: this,
      name,
      urlPrefix,
      urlDefaults,
      addUrlRule(rule, routeOptions, view) {
        const url =
          urlPrefix === ""
            ? rule
            : rule === ""
              ? urlPrefix
              : `${urlPrefix.replace(/\/+$/, "")}/${rule.replace(/^\/+/, "")}`;
        const endpoint = routeOptions.endpoint ?? view?.name;
        if (endpoint === undefined || endpoint === "") {
          throw new SetupError(
            "FLASK_E_NO_ENDPOINT",
            `the view for ${JSON.stringify(rule)} in blueprint ${name} has no name: pass options.endpoint`,
          );
        }
        app.addUrlRule(
          url,
          {
            ...routeOptions,
            endpoint: `${name}.${endpoint}`,
            defaults: { ...urlDefaults, ...routeOptions.defaults },
          },
          view,
        );
      },
    };
    for (const deferred of this.#deferred) deferred(state);
    mergeScoped(this.beforeRequestFuncs, app.beforeRequestFuncs, name);
    mergeScoped(this.afterRequestFuncs, app.afterRequestFuncs, name);
    mergeScoped(this.teardownRequestFuncs, app.teardownRequestFuncs, name);
    mergeScoped(this.templateContextProcessors, app.templateContextProcessors, name);
    for (const [scope, byCode] of this.errorHandlerSpec) {
      if (scope !== null) continue;
      const target = new Map(app.errorHandlerSpec.get(name) ?? []);
      for (const [code, handlers] of byCode) target.set(code, new Map(handlers));
      app.errorHandlerSpec.set(name, target);
    }
    for (const [child, childOptions] of this.#children) {
      child.register(app, { ...childOptions, parentName: name, parentPrefix: urlPrefix });
    }
  }
}

function mergeScoped<T>(
  source: Map<string | null, T[]>,
  target: Map<string | null, T[]>,
  name: string,
): void {
  const own = source.get(null);
  if (own === undefined || own.length === 0) return;
  target.set(name, [...(target.get(name) ?? []), ...own]);
}

function joinPrefix(parent: string | undefined, own: string | undefined): string {
  const left = (parent ?? "").replace(/\/+$/, "");
  const right = own ?? "";
  if (right === "") return left;
  return `${left}/${right.replace(/^\/+/, "")}`.replace(/\/+$/, "") || "/";
}
