// Django's LoginView and LogoutView, without a forms dependency: the login form is two
// fields read from POST, its errors in Django's wording. The admin reuses LoginView
// (a subclass narrows `confirmLoginAllowed` to staff and changes the template).
import type { HttpRequest } from "../../http/request.ts";
import type { HttpResponse, HttpResponseBase } from "../../http/response.ts";
import { HttpResponseRedirect } from "../../http/response-types.ts";
import { render, resolveUrl } from "../../shortcuts/shortcuts.ts";
import { View } from "../../views/base.ts";
import { authenticate } from "./backends.ts";
import { REDIRECT_FIELD_NAME } from "./decorators.ts";
import { login, logout } from "./login.ts";
import type { User } from "./models.ts";

/**
 * Django's AuthenticationForm message for a wrong username or password.
 *
 * @example
 * assertContains(response, INVALID_LOGIN_MESSAGE);
 */
export const INVALID_LOGIN_MESSAGE =
  "Please enter a correct username and password. Note that both fields may be case-sensitive.";

/**
 * Whether `url` is safe to redirect to after login: a local path, or an http(s) URL on one of
 * `allowedHosts` (Django's `url_has_allowed_host_and_scheme`). Protocol-relative `//evil`,
 * backslash tricks, control characters and other schemes are refused.
 *
 * @example
 * urlHasAllowedHostAndScheme("/polls/", ["testserver"]);           // true
 * urlHasAllowedHostAndScheme("https://evil.example/", ["testserver"]); // false
 */
export function urlHasAllowedHostAndScheme(
  url: string | null | undefined,
  allowedHosts: readonly string[],
  requireHttps = false,
): boolean {
  if (typeof url !== "string") return false;
  const value = url.trim();
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (value === "" || /[\u0000-\u001f\u007f]/.test(value) || value.includes("\\")) return false;
  if (value.startsWith("/")) return !value.startsWith("//");
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    // Relative without a leading slash ("polls/"): no scheme, no host.
    return !/^[a-z][a-z0-9+.-]*:/i.test(value);
  }
  if (parsed.protocol !== "https:" && (requireHttps || parsed.protocol !== "http:")) return false;
  return allowedHosts.includes(parsed.host);
}

/**
 * What the login template gets as `form`.
 *
 * @example
 * {% for error in form.nonFieldErrors %}<p class="error">{{ error }}</p>{% endfor %}
 */
export interface LoginFormContext {
  /** The username typed (kept after a failed attempt). */
  username: string;
  /** Errors not tied to a field (Django's `form.non_field_errors`). */
  nonFieldErrors: string[];
  /** Field errors: `errors.username`, `errors.password` ("This field is required."). */
  errors: Record<string, string[]>;
}

/**
 * Django's `LoginView`: GET shows `registration/login.html`; POST authenticates, logs in and
 * redirects to the safe `next` parameter, else `nextPage` / `LOGIN_REDIRECT_URL`
 * (default `/accounts/profile/`). Context: `form` ({@link LoginFormContext}), `next`,
 * `redirectFieldName`, plus `extraContext`.
 *
 * @example
 * path("accounts/login/", LoginView.asView(), { name: "login" });
 * path("staff/login/", LoginView.asView({ templateName: "staff/login.html", redirectAuthenticatedUser: true }));
 */
export class LoginView extends View {
  templateName = "registration/login.html";
  redirectFieldName = REDIRECT_FIELD_NAME;
  /** Sends users who are logged in already straight to the success URL. */
  redirectAuthenticatedUser = false;
  /** Where to go without a `next` (default: the `LOGIN_REDIRECT_URL` setting). */
  nextPage: string | undefined = undefined;
  extraContext: Record<string, unknown> = {};

  async get(request: HttpRequest): Promise<HttpResponseBase> {
    if (this.redirectAuthenticatedUser && request.user.isAuthenticated) {
      return new HttpResponseRedirect(await this.getSuccessUrl());
    }
    return this.renderForm({ username: "", nonFieldErrors: [], errors: {} });
  }

  async post(request: HttpRequest): Promise<HttpResponseBase> {
    const username = request.POST.get("username") ?? "";
    const password = request.POST.get("password") ?? "";
    const errors: Record<string, string[]> = {};
    if (username === "") errors.username = ["This field is required."];
    if (password === "") errors.password = ["This field is required."];
    if (Object.keys(errors).length > 0) {
      return this.renderForm({ username, nonFieldErrors: [], errors });
    }
    const user = await authenticate(request, { username, password });
    const refusal = user ? this.confirmLoginAllowed(user) : this.invalidLoginMessage();
    if (!user || refusal !== undefined) {
      return this.renderForm({
        username,
        nonFieldErrors: [refusal ?? this.invalidLoginMessage()],
        errors: {},
      });
    }
    await login(request, user);
    return new HttpResponseRedirect(await this.getSuccessUrl());
  }

  /** The message for a failed login; a subclass (the admin) words it for staff. */
  invalidLoginMessage(): string {
    return INVALID_LOGIN_MESSAGE;
  }

  /** A reason to refuse an authenticated user, or `undefined` (Django's `confirm_login_allowed`). */
  confirmLoginAllowed(user: User): string | undefined {
    return user.isActive ? undefined : "This account is inactive.";
  }

  /** The `next` parameter when it is safe for this host, else the configured page. */
  async getSuccessUrl(): Promise<string> {
    const request = this.request;
    const next =
      request.POST.get(this.redirectFieldName) ?? request.GET.get(this.redirectFieldName);
    if (urlHasAllowedHostAndScheme(next, [request.getHost()], request.isSecure())) {
      return next as string;
    }
    const configured = (request.settings as unknown as Record<string, unknown>).LOGIN_REDIRECT_URL;
    return resolveUrl(
      this.nextPage ?? (typeof configured === "string" ? configured : "/accounts/profile/"),
    );
  }

  /** Renders the template with the form state (status 200, as Django). */
  renderForm(form: LoginFormContext): Promise<HttpResponse> {
    const request = this.request;
    const next =
      request.POST.get(this.redirectFieldName) ?? request.GET.get(this.redirectFieldName) ?? "";
    return render(request, this.templateName, {
      form,
      next: urlHasAllowedHostAndScheme(next, [request.getHost()]) ? next : "",
      redirectFieldName: this.redirectFieldName,
      view: this,
      ...this.extraContext,
    });
  }
}

/**
 * Django's `LogoutView` (POST only, as since Django 5): logs out, then redirects to the safe
 * `next`, else `nextPage` / `LOGOUT_REDIRECT_URL`; without either it renders
 * `registration/logged_out.html`.
 *
 * @example
 * path("accounts/logout/", LogoutView.asView({ nextPage: "/" }), { name: "logout" });
 * // <form method="post" action="{% url 'logout' %}">{% csrf_token %}<button>Log out</button></form>
 */
export class LogoutView extends View {
  override httpMethodNames: readonly string[] = ["post", "options"];
  templateName = "registration/logged_out.html";
  redirectFieldName = REDIRECT_FIELD_NAME;
  nextPage: string | undefined = undefined;
  extraContext: Record<string, unknown> = {};

  async post(request: HttpRequest): Promise<HttpResponseBase> {
    await logout(request);
    const next =
      request.POST.get(this.redirectFieldName) ?? request.GET.get(this.redirectFieldName);
    if (urlHasAllowedHostAndScheme(next, [request.getHost()], request.isSecure())) {
      return new HttpResponseRedirect(next as string);
    }
    const configured = (request.settings as unknown as Record<string, unknown>).LOGOUT_REDIRECT_URL;
    const target = this.nextPage ?? (typeof configured === "string" ? configured : undefined);
    if (target !== undefined) return new HttpResponseRedirect(await resolveUrl(target));
    return render(request, this.templateName, {
      title: "Logged out",
      view: this,
      ...this.extraContext,
    });
  }
}
