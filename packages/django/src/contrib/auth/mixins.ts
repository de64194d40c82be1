// Access control for class-based views (Django's AccessMixin family). TypeScript has no
// multiple inheritance, so each mixin is a function from a View class to a subclass:
// `class Secret extends LoginRequiredMixin(TemplateView) { … }`.
import { PermissionDenied } from "../../core/exceptions.ts";
import type { HttpRequest } from "../../http/request.ts";
import type { HttpResponseBase } from "../../http/response.ts";
import type { View } from "../../views/base.ts";
import { redirectToLogin, REDIRECT_FIELD_NAME } from "./decorators.ts";

// Mixins need a constructor type with rest `any[]` (TypeScript's mixin rule).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ViewClass = new (...args: any[]) => View;

/**
 * The fields every access mixin adds (Django's `AccessMixin`).
 *
 * @example
 * class Page extends LoginRequiredMixin(TemplateView) { override loginUrl = "/signin/"; }
 */
export interface AccessMixinFields {
  /** Where to log in (default `LOGIN_URL`); a path or URL name. */
  loginUrl: string | undefined;
  /** Query parameter for the return address (default `next`). */
  redirectFieldName: string;
  /** 403 instead of the login redirect even for anonymous users. */
  raiseException: boolean;
  /** Message of the PermissionDenied raised. */
  permissionDeniedMessage: string;
  /** What happens when access is refused: 403 for logged-in users, else the login redirect. */
  handleNoPermission(): Promise<HttpResponseBase>;
}

function accessMixin<B extends ViewClass>(Base: B) {
  return class AccessMixin extends Base implements AccessMixinFields {
    loginUrl: string | undefined = undefined;
    redirectFieldName = REDIRECT_FIELD_NAME;
    raiseException = false;
    permissionDeniedMessage = "";

    async handleNoPermission(): Promise<HttpResponseBase> {
      if (this.raiseException || this.request.user.isAuthenticated) {
        throw new PermissionDenied(this.permissionDeniedMessage || undefined);
      }
      return redirectToLogin(this.request, {
        loginUrl: this.loginUrl,
        redirectFieldName: this.redirectFieldName,
      });
    }
  };
}

/**
 * Django's `LoginRequiredMixin`: anonymous users are redirected to `LOGIN_URL?next=<path>`
 * before any handler runs.
 *
 * @example
 * class Dashboard extends LoginRequiredMixin(TemplateView) {
 *   override templateName = "dashboard.html";
 * }
 * path("dashboard/", Dashboard.asView());
 */
export function LoginRequiredMixin<B extends ViewClass>(Base: B) {
  return class LoginRequired extends accessMixin(Base) {
    override async dispatch(request: HttpRequest): Promise<HttpResponseBase> {
      if (!request.user.isAuthenticated) return this.handleNoPermission();
      return super.dispatch(request);
    }
  };
}

/**
 * Django's `UserPassesTestMixin`: override `testFunc()` (may be async).
 *
 * @example
 * class StaffOnly extends UserPassesTestMixin(TemplateView) {
 *   override testFunc() { return this.request.user.isStaff === true; }
 * }
 */
export function UserPassesTestMixin<B extends ViewClass>(Base: B) {
  return class UserPassesTest extends accessMixin(Base) {
    /** The check; the default refuses everyone, so forgetting to override fails closed. */
    testFunc(): boolean | Promise<boolean> {
      return false;
    }

    override async dispatch(request: HttpRequest): Promise<HttpResponseBase> {
      if (!(await this.testFunc())) return this.handleNoPermission();
      return super.dispatch(request);
    }
  };
}

/**
 * Django's `PermissionRequiredMixin`: `permissionRequired` names one permission or several.
 *
 * @example
 * class AddQuestion extends PermissionRequiredMixin(TemplateView) {
 *   override permissionRequired = "polls.add_question";
 * }
 */
export function PermissionRequiredMixin<B extends ViewClass>(Base: B) {
  return class PermissionRequired extends accessMixin(Base) {
    permissionRequired: string | readonly string[] = [];

    async hasPermission(): Promise<boolean> {
      const perms =
        typeof this.permissionRequired === "string"
          ? [this.permissionRequired]
          : this.permissionRequired;
      for (const perm of perms) if (!(await this.request.user.hasPerm(perm))) return false;
      return true;
    }

    override async dispatch(request: HttpRequest): Promise<HttpResponseBase> {
      if (!(await this.hasPermission())) return this.handleNoPermission();
      return super.dispatch(request);
    }
  };
}
