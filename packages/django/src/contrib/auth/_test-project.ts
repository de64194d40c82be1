// A small project for this folder's tests: the auth app, the startproject middleware, and
// views that exercise login, logout and every access check. Not part of the public API.
import { login as middlewareLogin } from "../../auth/auth.ts";
import { defineSettings } from "../../conf/index.ts";
import type { HttpRequest } from "../../http/request.ts";
import { HttpResponse } from "../../http/response.ts";
import { STARTPROJECT_MIDDLEWARE } from "../../middleware/index.ts";
import { path } from "../../urls/index.ts";
import { View } from "../../views/base.ts";
import { authApp } from "./apps.ts";
import { authenticate } from "./backends.ts";
import {
  loginRequired,
  permissionRequired,
  staffMemberRequired,
  userPassesTest,
} from "./decorators.ts";
import { login, logout } from "./login.ts";
import { LoginRequiredMixin, PermissionRequiredMixin } from "./mixins.ts";
import { LoginView, LogoutView } from "./views.ts";

const whoami = (request: HttpRequest) =>
  new HttpResponse(request.user.isAuthenticated ? `user:${request.user.username}` : "anonymous");

async function signIn(request: HttpRequest) {
  const user = await authenticate(request, {
    username: request.POST.get("username"),
    password: request.POST.get("password"),
  });
  if (!user) return new HttpResponse("refused", { status: 401 });
  await login(request, user);
  return new HttpResponse(`welcome ${user.username}`);
}

// The placeholder login of @tsgi/django/middleware, given a contrib User.
async function baseSignIn(request: HttpRequest) {
  const user = await authenticate(request, {
    username: request.POST.get("username"),
    password: request.POST.get("password"),
  });
  if (!user) return new HttpResponse("refused", { status: 401 });
  await middlewareLogin(request, user);
  return new HttpResponse(`welcome ${user.username}`);
}

async function signOut(request: HttpRequest) {
  await logout(request);
  return new HttpResponse("bye");
}

function remember(request: HttpRequest) {
  request.session.set("note", request.GET.get("note") ?? "");
  return new HttpResponse("noted");
}

const recall = (request: HttpRequest) =>
  new HttpResponse(`note:${String(request.session.get("note", "none"))}`);

class Dashboard extends LoginRequiredMixin(View) {
  get(request: HttpRequest) {
    return new HttpResponse(`dashboard of ${request.user.username}`);
  }
}

class AddQuestion extends PermissionRequiredMixin(View) {
  override permissionRequired = "polls.add_question";
  get() {
    return new HttpResponse("add a question");
  }
}

export const urlpatterns = [
  path("whoami/", whoami),
  path("signin/", signIn),
  path("base-signin/", baseSignIn),
  path("signout/", signOut),
  path("remember/", remember),
  path("recall/", recall),
  path("private/", loginRequired(whoami)),
  path("elsewhere/", loginRequired(whoami, { loginUrl: "/signin-page/" })),
  path("by-name/", loginRequired(whoami, { loginUrl: "login" })),
  path(
    "vip/",
    userPassesTest((user) => user.username.startsWith("v"), whoami),
  ),
  path("add/", permissionRequired("polls.add_question", whoami)),
  path("add-403/", permissionRequired("polls.add_question", whoami, { raiseException: true })),
  path("staff/", staffMemberRequired(whoami)),
  path("dashboard/", Dashboard.asView()),
  path("add-question/", AddQuestion.asView()),
  path("accounts/login/", LoginView.asView(), { name: "login" }),
  path("accounts/logout/", LogoutView.asView({ nextPage: "/whoami/" }), { name: "logout" }),
  path("accounts/logout-page/", LogoutView.asView()),
  path(
    "accounts/login-once/",
    LoginView.asView({ redirectAuthenticatedUser: true, nextPage: "/whoami/" }),
  ),
];

export const settings = defineSettings(
  {
    SECRET_KEY: "auth-tests-secret-key",
    INSTALLED_APPS: [authApp, "django.contrib.sessions", "django.contrib.messages"],
    MIDDLEWARE: [...STARTPROJECT_MIDDLEWARE],
    ROOT_URLCONF: urlpatterns,
    TEMPLATES: [{ APP_DIRS: true, OPTIONS: { context_processors: ["request", "auth"] } }],
    DATABASES: { default: { ENGINE: "sqlite", NAME: ":memory:" } },
  },
  { env: false },
);
