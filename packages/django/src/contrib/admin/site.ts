// Django's AdminSite: the registry of ModelAdmins, the URLconf (`path("admin/", site.urls)`),
// the staff-only wrapper around every view, and the index, app index, login and logout pages.
import { resolveInstalledApps } from "../../conf/index.ts";
import { Http404 } from "../../core/exceptions.ts";
import type { ModelClass } from "../../db/index.ts";
import type { HttpRequest, HttpResponse } from "../../http/index.ts";
import { HttpResponseRedirect } from "../../http/index.ts";
import { render } from "../../shortcuts/index.ts";
import {
  include,
  path,
  reverse,
  type IncludeTarget,
  type URLEntry,
  type ViewFunction,
} from "../../urls/index.ts";
import { authenticate, login, logout } from "../auth/index.ts";
import { capfirst, metaOf, urlNamePrefix } from "./_util.ts";
import { ModelAdmin } from "./model-admin.ts";

/** A ModelAdmin subclass, as `register` takes it. */
export type ModelAdminClass = new (model: ModelClass, site: AdminSite) => ModelAdmin;

/** Registering a model twice, or unregistering one that is not registered. */
export class AlreadyRegistered extends Error {
  readonly code = "DJANGO_E_ADMIN_ALREADY_REGISTERED";
}
export class NotRegistered extends Error {
  readonly code = "DJANGO_E_ADMIN_NOT_REGISTERED";
}

/** One model of the index page. */
interface ModelEntry {
  name: string;
  objectName: string;
  adminUrl: string | undefined;
  addUrl: string | undefined;
  viewOnly: boolean;
}

/** One app of the index page. */
interface AppEntry {
  name: string;
  appLabel: string;
  appUrl: string;
  models: ModelEntry[];
}

/**
 * Resolves `next` only to a path on this site (no scheme, no other host), as Django's
 * `url_has_allowed_host_and_scheme` does for the login redirect.
 */
function safeNext(next: string | undefined, fallback: string): string {
  if (next === undefined || next === "") return fallback;
  if (
    !next.startsWith("/") ||
    next.startsWith("//") ||
    next.startsWith("/\\") ||
    /[\r\n]/.test(next)
  ) {
    return fallback;
  }
  return next;
}

/**
 * The admin site (Django's `AdminSite`). `site` is the default instance.
 *
 * @example
 * import { site } from "@tsgi/django/contrib/admin";
 * site.register(Question, QuestionAdmin);
 * export const urlpatterns = [path("admin/", site.urls), path("polls/", include(pollsUrls))];
 */
export class AdminSite {
  siteHeader = "Django administration";
  siteTitle = "Django site admin";
  indexTitle = "Site administration";
  /** Where "View site" links. */
  siteUrl = "/";
  private readonly registry = new Map<ModelClass, ModelAdmin>();

  /** `name` is the URL namespace ("admin"). */
  constructor(readonly name = "admin") {}

  /**
   * Registers a model with its ModelAdmin class (default: `ModelAdmin`).
   *
   * @example
   * site.register(Choice);
   */
  register(model: ModelClass, adminClass: ModelAdminClass = ModelAdmin): void {
    if (this.registry.has(model)) {
      throw new AlreadyRegistered(
        `The model ${model.name} is already registered with ${this.name}.`,
      );
    }
    this.registry.set(model, new adminClass(model, this));
  }

  /**
   * Removes a model from the site.
   *
   * @example
   * site.unregister(Choice);
   */
  unregister(model: ModelClass): void {
    if (!this.registry.delete(model)) {
      throw new NotRegistered(`The model ${model.name} is not registered.`);
    }
  }

  /** Whether a model is registered. */
  isRegistered(model: ModelClass): boolean {
    return this.registry.has(model);
  }

  /** The ModelAdmin of a registered model. */
  getModelAdmin(model: ModelClass): ModelAdmin {
    const admin = this.registry.get(model);
    if (admin === undefined) throw new NotRegistered(`The model ${model.name} is not registered.`);
    return admin;
  }

  /**
   * Wraps a view so only active staff reach it; others go to the login page with `next`
   * (Django's `admin_view`). Admin pages are never cached.
   */
  adminView(view: ViewFunction): ViewFunction {
    return async (request: HttpRequest, kwargs: Record<string, unknown>) => {
      if (!this.hasPermission(request)) {
        if (request.path === reverse(`${this.name}:logout`)) {
          return new HttpResponseRedirect(reverse(`${this.name}:index`));
        }
        const loginUrl = reverse(`${this.name}:login`);
        // Slashes stay readable, as Django writes `?next=/admin/polls/`.
        const next = encodeURIComponent(request.getFullPath()).replace(/%2F/g, "/");
        const response = new HttpResponseRedirect(loginUrl);
        // Set directly: the redirect class re-encodes the `%` of escapes such as %3F (a `?` in
        // `next`), which would turn them into %253F.
        response.headers.set("Location", `${loginUrl}?next=${next}`);
        return response;
      }
      const response = (await view(request, kwargs)) as HttpResponse;
      if (!response.headers.has("Cache-Control")) {
        response.headers.set(
          "Cache-Control",
          "max-age=0, no-cache, no-store, must-revalidate, private",
        );
      }
      return response;
    };
  }

  /** Active staff may use the admin (Django's `AdminSite.has_permission`). */
  hasPermission(request: HttpRequest): boolean {
    const user = request.user;
    return Boolean(user.isActive) && Boolean(user.isStaff);
  }

  /** The app's verbose name from INSTALLED_APPS (else its label, capitalised). */
  appVerboseName(appLabel: string, request?: HttpRequest): string {
    try {
      const apps = resolveInstalledApps((request?.settings ?? undefined)?.INSTALLED_APPS ?? []);
      const app = apps.find((entry) => entry.label === appLabel);
      if (app?.verboseName && app.verboseName !== app.label) return app.verboseName;
    } catch {
      // An invalid INSTALLED_APPS is reported by the framework; the label is enough here.
    }
    return capfirst(appLabel);
  }

  /** What every admin page's template receives (Django's `each_context`). */
  async eachContext(request: HttpRequest): Promise<Record<string, unknown>> {
    return {
      siteTitle: this.siteTitle,
      siteHeader: this.siteHeader,
      siteUrl: this.siteUrl,
      hasPermission: this.hasPermission(request),
      indexUrl: reverse(`${this.name}:index`),
      logoutUrl: reverse(`${this.name}:logout`),
      availableApps: await this.appList(request),
    };
  }

  /** The apps and models `request.user` may see (Django's `get_app_list`). */
  async appList(request: HttpRequest, onlyLabel?: string): Promise<AppEntry[]> {
    if (!this.hasPermission(request)) return [];
    const apps = new Map<string, AppEntry>();
    for (const [model, admin] of this.registry) {
      const meta = metaOf(model);
      if (onlyLabel !== undefined && meta.appLabel !== onlyLabel) continue;
      const perms = await admin.permissions(request);
      if (!perms.view && !perms.add && !perms.change && !perms.delete) continue;
      let app = apps.get(meta.appLabel);
      if (app === undefined) {
        app = {
          name: this.appVerboseName(meta.appLabel, request),
          appLabel: meta.appLabel,
          appUrl: reverse(`${this.name}:app_list`, { args: [meta.appLabel] }),
          models: [],
        };
        apps.set(meta.appLabel, app);
      }
      app.models.push({
        name: capfirst(meta.verboseNamePlural),
        objectName: meta.objectName,
        adminUrl: perms.view || perms.change ? admin.url("changelist") : undefined,
        addUrl: perms.add ? admin.url("add") : undefined,
        viewOnly: !perms.change,
      });
    }
    const list = [...apps.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const app of list) app.models.sort((a, b) => a.name.localeCompare(b.name));
    return list;
  }

  /** The index page: every app and model the user may see. */
  async index(request: HttpRequest): Promise<HttpResponse> {
    return render(request, "admin/index.html", {
      ...(await this.eachContext(request)),
      title: this.indexTitle,
      appList: await this.appList(request),
    });
  }

  /** One app's models (`/admin/polls/`). */
  async appIndex(request: HttpRequest, appLabel: string): Promise<HttpResponse> {
    const appList = await this.appList(request, appLabel);
    if (appList.length === 0) throw new Http404("The requested admin page does not exist.");
    return render(request, "admin/app_index.html", {
      ...(await this.eachContext(request)),
      title: `${appList[0]!.name} administration`,
      appList,
      appLabel,
    });
  }

  /** The login page: staff only; `next` says where to go afterwards. */
  async loginView(request: HttpRequest): Promise<HttpResponse> {
    const indexUrl = reverse(`${this.name}:index`);
    const next = safeNext(
      (request.method === "POST" ? request.POST.get("next") : undefined) ?? request.GET.get("next"),
      indexUrl,
    );
    if (request.method === "GET" && this.hasPermission(request)) {
      return new HttpResponseRedirect(next);
    }
    let error: string | undefined;
    const username = request.method === "POST" ? (request.POST.get("username") ?? "") : "";
    if (request.method === "POST") {
      const password = request.POST.get("password") ?? "";
      const user =
        username === "" || password === ""
          ? null
          : await authenticate(request, { username, password });
      if (user !== null && user.isActive && user.isStaff) {
        await login(request, user);
        return new HttpResponseRedirect(next);
      }
      error =
        "Please enter the correct username and password for a staff account. Note that both fields may be case-sensitive.";
    }
    return render(request, "admin/login.html", {
      ...(await this.eachContext(request)),
      title: "Log in",
      next,
      username,
      error,
      loggedInAs: request.user.isAuthenticated ? request.user.username : undefined,
    });
  }

  /** Logs out (POST, as Django 5 requires) and shows "Logged out". */
  async logoutView(request: HttpRequest): Promise<HttpResponse> {
    if (request.method !== "POST") {
      return render(
        request,
        "admin/logout_confirm.html",
        { ...(await this.eachContext(request)), title: "Log out" },
        { status: 405 },
      );
    }
    await logout(request);
    return render(request, "admin/logged_out.html", {
      ...(await this.eachContext(request)),
      title: "Logged out",
      loginUrl: reverse(`${this.name}:login`),
    });
  }

  /** The URL patterns of the site (read by `urls`). */
  getUrls(): URLEntry[] {
    const wrap = (view: ViewFunction) => this.adminView(view);
    const patterns: URLEntry[] = [
      path(
        "",
        wrap((request) => this.index(request)),
        { name: "index" },
      ),
      path("login/", (request) => this.loginView(request), { name: "login" }),
      path(
        "logout/",
        wrap((request) => this.logoutView(request)),
        { name: "logout" },
      ),
    ];
    for (const [model, admin] of this.registry) {
      const meta = metaOf(model);
      const prefix = urlNamePrefix(model);
      patterns.push(
        path(
          `${meta.appLabel}/${meta.modelName}/`,
          wrap((request) => admin.changelistView(request)),
          {
            name: `${prefix}_changelist`,
          },
        ),
        path(
          `${meta.appLabel}/${meta.modelName}/add/`,
          wrap((request) => admin.addView(request)),
          {
            name: `${prefix}_add`,
          },
        ),
        path(
          `${meta.appLabel}/${meta.modelName}/<path:objectId>/change/`,
          wrap((request, { objectId }: { objectId: string }) =>
            admin.changeView(request, objectId),
          ),
          { name: `${prefix}_change` },
        ),
        path(
          `${meta.appLabel}/${meta.modelName}/<path:objectId>/delete/`,
          wrap((request, { objectId }: { objectId: string }) =>
            admin.deleteView(request, objectId),
          ),
          { name: `${prefix}_delete` },
        ),
      );
    }
    patterns.push(
      path(
        "<str:appLabel>/",
        wrap((request, { appLabel }: { appLabel: string }) => this.appIndex(request, appLabel)),
        {
          name: "app_list",
        },
      ),
    );
    return patterns;
  }

  /**
   * The site's URLconf for `path("admin/", site.urls)`, in the `admin` namespace. Register
   * the models first (import the apps' admin modules before reading it), as with Django's
   * autodiscover.
   */
  get urls(): IncludeTarget {
    return include([this.getUrls(), "admin"], { namespace: this.name });
  }
}

/**
 * The default admin site (Django's `admin.site`).
 *
 * @example
 * site.register(Question, QuestionAdmin);
 */
export const site = new AdminSite();
