// Access control for function views (Django's login_required, user_passes_test,
// permission_required, staff_member_required) and the login redirect they share.
import type { UserLike } from "../../auth/user.ts";
import { wrapView } from "../../core/_wrap-view.ts";
import { PermissionDenied } from "../../core/exceptions.ts";
import type { HttpRequest } from "../../http/request.ts";
import { HttpResponseRedirect } from "../../http/response-types.ts";
import { resolveUrl } from "../../shortcuts/shortcuts.ts";
import { NoReverseMatch } from "../../urls/exceptions.ts";
import type { ViewFunction } from "../../urls/types.ts";

/**
 * Django's default name of the query parameter carrying the page to return to.
 *
 * @example
 * request.GET.get(REDIRECT_FIELD_NAME); // "/polls/3/"
 */
export const REDIRECT_FIELD_NAME = "next";

/**
 * Options shared by the decorators.
 *
 * @example
 * loginRequired(view, { loginUrl: "/signin/", redirectFieldName: "back" } satisfies AccessOptions);
 */
export interface AccessOptions {
  /** Where to log in: a path or a URL name (default: the `LOGIN_URL` setting). */
  loginUrl?: string;
  /** Query parameter carrying the current page (default `next`; `null` leaves it out). */
  redirectFieldName?: string | null;
}

/**
 * A check on the user; may be async (a permission backend may query).
 *
 * @example
 * const isEditor: UserTest = (user) => user.hasPerm("polls.change_question");
 */
export type UserTest = (user: UserLike, request: HttpRequest) => boolean | Promise<boolean>;

/**
 * The configured login URL, resolved when it is a URL name (`"admin:login"`).
 *
 * @example
 * await resolveLoginUrl(request); // "/accounts/login/"
 */
export async function resolveLoginUrl(request: HttpRequest, loginUrl?: string): Promise<string> {
  return resolveUrl(loginUrl ?? request.settings.LOGIN_URL);
}

/**
 * A redirect to the login page that brings the user back afterwards (Django's
 * `redirect_to_login`): `/accounts/login/?next=/polls/3/`. The return address is the full
 * path, or the absolute URL when the login page lives on another host.
 *
 * @example
 * return redirectToLogin(request, { loginUrl: "/login/" });
 */
export async function redirectToLogin(
  request: HttpRequest,
  options: AccessOptions = {},
): Promise<HttpResponseRedirect> {
  const loginUrl = await resolveLoginUrl(request, options.loginUrl);
  const field =
    options.redirectFieldName === undefined ? REDIRECT_FIELD_NAME : options.redirectFieldName;
  if (field === null || field === "") return new HttpResponseRedirect(loginUrl);
  const target = new URL(loginUrl, request.buildAbsoluteUri("/"));
  const here = new URL(request.buildAbsoluteUri());
  const sameOrigin = !/^[a-z][a-z0-9+.-]*:\/\//i.test(loginUrl) || target.origin === here.origin;
  const next = sameOrigin ? request.getFullPath() : here.href;
  const [base, query = ""] = loginUrl.split("?", 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set(field, next);
  // Django keeps "/" readable in the parameter (quote(safe="/")).
  const location = `${base}?${params.toString().replaceAll("%2F", "/")}`;
  const response = new HttpResponseRedirect(location);
  // The location is ASCII already; set it as is, because the redirect class's encodeURI pass
  // would turn the escapes of "?" and "=" inside `next` into %253F / %253D.
  response.headers.set("Location", location);
  return response;
}

/**
 * Runs the view only when `test(request.user)` passes; otherwise redirects to the login page
 * with `?next=` (Django's `user_passes_test`).
 *
 * @example
 * path("beta/", userPassesTest((user) => user.username.endsWith("@example.org"), betaView));
 */
export function userPassesTest<V extends ViewFunction>(
  test: UserTest,
  view: V,
  options: AccessOptions = {},
): V {
  return wrapView(view, async (request, ...rest) => {
    if (await test(request.user, request)) return view(request, ...rest);
    return redirectToLogin(request, options);
  });
}

/**
 * Only for logged-in users; others are sent to `LOGIN_URL?next=<path>` (Django's
 * `login_required`).
 *
 * @example
 * path("profile/", loginRequired(profile));
 * path("secret/", loginRequired(secret, { loginUrl: "/signin/" }));
 */
export function loginRequired<V extends ViewFunction>(view: V, options: AccessOptions = {}): V {
  return userPassesTest((user) => user.isAuthenticated, view, options);
}

/**
 * Only for users with every permission in `perm`; anonymous users go to the login page,
 * logged-in ones too unless `raiseException` (then 403), as Django's `permission_required`.
 *
 * @example
 * path("questions/new/", permissionRequired("polls.add_question", newQuestion, { raiseException: true }));
 */
export function permissionRequired<V extends ViewFunction>(
  perm: string | readonly string[],
  view: V,
  options: AccessOptions & { raiseException?: boolean } = {},
): V {
  const perms = typeof perm === "string" ? [perm] : perm;
  return userPassesTest(
    async (user) => {
      for (const one of perms)
        if (!(await user.hasPerm(one))) {
          if (options.raiseException) throw new PermissionDenied();
          return false;
        }
      return true;
    },
    view,
    options,
  );
}

/**
 * Only for active staff (Django's admin `staff_member_required`); others are redirected to
 * the admin's login (`admin:login`), or to `LOGIN_URL` when no admin is routed.
 *
 * @example
 * path("reports/", staffMemberRequired(reports));
 */
export function staffMemberRequired<V extends ViewFunction>(
  view: V,
  options: AccessOptions = {},
): V {
  return wrapView(view, async (request, ...rest) => {
    const user = request.user;
    if (user.isActive === true && user.isStaff === true) return view(request, ...rest);
    let loginUrl = options.loginUrl;
    if (loginUrl === undefined) {
      try {
        loginUrl = await resolveUrl("admin:login");
      } catch (error) {
        if (!(error instanceof NoReverseMatch)) throw error;
      }
    }
    return redirectToLogin(request, { ...options, loginUrl });
  });
}
