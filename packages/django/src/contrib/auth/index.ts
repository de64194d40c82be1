/**
 * `@tsgi/django/contrib/auth` — Django's `django.contrib.auth`: the `User` model (table
 * `auth_user`), scrypt password hashing, authentication backends, `login`/`logout` with
 * session-key rotation, access decorators and class-view mixins, permissions, the
 * `LoginView`/`LogoutView` pair, and the `createsuperuser`/`changepassword` commands.
 *
 * Contracts for other folders (the admin builds on these):
 * - `User` (fields `username`, `password`, `email`, `firstName`, `lastName`, `isStaff`,
 *   `isActive`, `isSuperuser`, `dateJoined`, `lastLogin`, `userPermissions`);
 *   `await user.setPassword(raw)`, `await user.checkPassword(raw)`, `user.hasPerm("app.codename")`
 *   (sync; active superusers: all; other active users: their `userPermissions` list),
 *   `user.hasModulePerms("polls")`; `User.objects.createUser(name, { email, password, ...})`,
 *   `createSuperuser(...)` (both validate and throw `ValidationError` with `errorDict`).
 * - `authenticate(request, { username, password })` → `User | null` (inactive users refused);
 *   `login(request, user)` rotates the session key (`cycleKey()`), stores `_auth_user_id`,
 *   `_auth_user_hash`, `_auth_user_backend`, rotates the CSRF token; `logout(request)` flushes.
 * - Importing this module plugs the session user loader into AuthenticationMiddleware
 *   (`setUserLoader`), so `request.user` is the `User` (or `AnonymousUser`).
 * - `loginRequired(view, { loginUrl, redirectFieldName })`, `userPassesTest(test, view)`,
 *   `permissionRequired(perm, view)`, `staffMemberRequired(view)` (→ `admin:login` or
 *   `LOGIN_URL`, with `?next=`); `LoginRequiredMixin(View)` etc. for class views.
 * - `LoginView` (subclass it: `templateName`, `invalidLoginMessage()`,
 *   `confirmLoginAllowed(user)`), `LogoutView` (POST).
 * - `authApp` for INSTALLED_APPS (label "auth"; use it instead of the string
 *   "django.contrib.auth", not both).
 *
 * @example
 * import { authApp, authenticate, login, loginRequired, User } from "@tsgi/django/contrib/auth";
 *
 * INSTALLED_APPS: [authApp, pollsApp];
 * const user = await User.objects.createUser("alice", { email: "alice@example.org", password: "s3cret-pass" });
 * async function signIn(request: HttpRequest) {
 *   const user = await authenticate(request, { username: request.POST.get("username"), password: request.POST.get("password") });
 *   if (!user) return new HttpResponse("Wrong username or password.", { status: 401 });
 *   await login(request, user);
 *   return redirect("polls:index");
 * }
 * path("profile/", loginRequired(profile));
 *
 * @module
 */
export { AnonymousUser, type UserLike } from "../../auth/user.ts";
export { getUser, SESSION_KEY } from "../../auth/auth.ts";
export { authApp } from "./apps.ts";
export { User, UserManager, DUPLICATE_USERNAME_MESSAGE, type UserExtraFields } from "./models.ts";
export {
  checkPassword,
  isPasswordUsable,
  makePassword,
  parsePasswordHash,
  unusablePassword,
  PasswordHashError,
  SCRYPT_ALGORITHM,
  SCRYPT_PARAMETERS,
  UNUSABLE_PASSWORD_PREFIX,
  type ScryptHash,
} from "./hashers.ts";
export {
  normalizeEmail,
  normalizeUsername,
  validatePassword,
  validateUsername,
  MIN_PASSWORD_LENGTH,
  USERNAME_MESSAGE,
  USERNAME_PATTERN,
} from "./validators.ts";
export {
  authenticate,
  backendOf,
  getBackends,
  ModelBackend,
  MODEL_BACKEND_NAME,
  userCanAuthenticate,
  type AuthBackend,
  type Credentials,
} from "./backends.ts";
export {
  BACKEND_SESSION_KEY,
  HASH_SESSION_KEY,
  installUserLoader,
  loadSessionUser,
  login,
  logout,
  updateSessionAuthHash,
} from "./login.ts";
export {
  loginRequired,
  permissionRequired,
  redirectToLogin,
  resolveLoginUrl,
  staffMemberRequired,
  userPassesTest,
  REDIRECT_FIELD_NAME,
  type AccessOptions,
  type UserTest,
} from "./decorators.ts";
export {
  LoginRequiredMixin,
  PermissionRequiredMixin,
  UserPassesTestMixin,
  type AccessMixinFields,
} from "./mixins.ts";
export {
  LoginView,
  LogoutView,
  urlHasAllowedHostAndScheme,
  INVALID_LOGIN_MESSAGE,
  type LoginFormContext,
} from "./views.ts";
export { changepasswordCommand, makeChangePasswordCommand } from "./management/changepassword.ts";
export {
  createsuperuserCommand,
  makeCreateSuperuserCommand,
  ttyPrompter,
  type PrompterFactory,
} from "./management/createsuperuser.ts";
export {
  PromptCancelled,
  scriptedPrompter,
  terminalPrompter,
  type Prompter,
  type TtyInput,
} from "./management/prompt.ts";
