// The User model (Django's django.contrib.auth.models.User) and its manager. Permissions are
// kept deliberately small: a whitespace-separated list of "app_label.codename" strings in the
// `userPermissions` column instead of Django's Permission/Group tables.
import { saltedHmac } from "../../core/signing.ts";
import {
  BooleanField,
  CharField,
  DateTimeField,
  EmailField,
  Manager,
  Model,
  TextField,
  ValidationError,
} from "../../db/index.ts";
import { checkPassword, isPasswordUsable, makePassword, unusablePassword } from "./hashers.ts";
import { normalizeEmail, normalizeUsername, validateUsername } from "./validators.ts";

/**
 * Values `createUser`/`createSuperuser` accept besides username, email and password.
 *
 * @example
 * const extra: UserExtraFields = { isStaff: true, userPermissions: ["polls.add_question"] };
 */
export interface UserExtraFields {
  firstName?: string;
  lastName?: string;
  isStaff?: boolean;
  isActive?: boolean;
  isSuperuser?: boolean;
  userPermissions?: readonly string[] | string;
  dateJoined?: Date;
}

/**
 * Django's message for a duplicate username.
 *
 * @example
 * error.errorDict?.username?.includes(DUPLICATE_USERNAME_MESSAGE);
 */
export const DUPLICATE_USERNAME_MESSAGE = "A user with that username already exists.";

const SESSION_HASH_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash";

function permissionText(perms: readonly string[] | string | undefined): string {
  const list = typeof perms === "string" ? perms.split(/\s+/) : (perms ?? []);
  return [...new Set(list.map((perm) => perm.trim()).filter(Boolean))].sort().join(" ");
}

/**
 * `User.objects`: Django's `UserManager` (`createUser`, `createSuperuser`, `getByNaturalKey`).
 * Usernames are NFKC-normalised, the email's domain lower-cased, and the user fully validated
 * before the INSERT, so bad input is a `ValidationError` with an `errorDict`, never a crash.
 *
 * @example
 * const alice = await User.objects.createUser("alice", { email: "alice@Example.org", password: "s3cret-pass" });
 * const root = await User.objects.createSuperuser("root", { email: "root@example.org", password: "x" });
 */
export class UserManager extends Manager<User> {
  /** Creates a user; a `null`/missing password makes it unusable (the user cannot log in). */
  async createUser(
    username: string,
    options: { email?: string | null; password?: string | null } & UserExtraFields = {},
  ): Promise<User> {
    const { email, password, ...extra } = options;
    return this.createWith(username, email, password, {
      isStaff: false,
      isSuperuser: false,
      ...extra,
    });
  }

  /** Creates a superuser: `isStaff` and `isSuperuser` must stay true (Django's checks). */
  async createSuperuser(
    username: string,
    options: { email?: string | null; password?: string | null } & UserExtraFields = {},
  ): Promise<User> {
    const { email, password, ...extra } = options;
    const fields = { isStaff: true, isSuperuser: true, ...extra };
    if (fields.isStaff !== true) throw new ValidationError("Superuser must have isStaff=true.");
    if (fields.isSuperuser !== true) {
      throw new ValidationError("Superuser must have isSuperuser=true.");
    }
    return this.createWith(username, email, password, fields);
  }

  /**
   * The user with this username (Django's `get_by_natural_key`); throws `User.DoesNotExist`.
   *
   * @example
   * await User.objects.getByNaturalKey("alice");
   */
  getByNaturalKey(username: string): Promise<User> {
    return this.get({ username: normalizeUsername(username) });
  }

  private async createWith(
    username: string,
    email: string | null | undefined,
    password: string | null | undefined,
    extra: UserExtraFields,
  ): Promise<User> {
    if (typeof username !== "string" || username === "") {
      throw new ValidationError({ username: ["The given username must be set."] });
    }
    const { userPermissions, ...rest } = extra;
    const user = new this.model({
      ...rest,
      username: normalizeUsername(username),
      email: normalizeEmail(email),
      userPermissions: permissionText(userPermissions),
    });
    if (typeof password === "string") await user.setPassword(password);
    else user.setUnusablePassword();
    await user.fullClean();
    await user.save();
    return user;
  }
}

/**
 * A person who can log in (`auth_user`). Fields as Django's: `username` (unique, ≤150,
 * letters/digits/`@.+-_`), `password` (a {@link makePassword} hash), `email`, `firstName`,
 * `lastName`, `isStaff` (may use the admin), `isActive` (may log in), `isSuperuser` (every
 * permission), `dateJoined`, `lastLogin`; plus `userPermissions`, see {@link User.hasPerm}.
 *
 * @example
 * const user = await User.objects.createUser("bob", { password: "hunter2-hunter2" });
 * await user.checkPassword("hunter2-hunter2"); // true
 * user.hasPerm("polls.add_question");           // false
 * await user.grantPermissions("polls.add_question");
 */
export class User extends Model {
  static fields = {
    password: new CharField({ maxLength: 128, verboseName: "password" }),
    lastLogin: new DateTimeField({ null: true, blank: true, verboseName: "last login" }),
    isSuperuser: new BooleanField({ default: false, verboseName: "superuser status" }),
    username: new CharField({
      maxLength: 150,
      unique: true,
      verboseName: "username",
      helpText: "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
      validators: [validateUsername],
    }),
    firstName: new CharField({ maxLength: 150, blank: true, verboseName: "first name" }),
    lastName: new CharField({ maxLength: 150, blank: true, verboseName: "last name" }),
    email: new EmailField({ blank: true, verboseName: "email address" }),
    isStaff: new BooleanField({ default: false, verboseName: "staff status" }),
    isActive: new BooleanField({ default: true, verboseName: "active" }),
    dateJoined: new DateTimeField({ default: () => new Date(), verboseName: "date joined" }),
    userPermissions: new TextField({ blank: true, default: "", verboseName: "user permissions" }),
  };
  static meta = { appLabel: "auth", verboseName: "user", verboseNamePlural: "users" };
  static override objects: UserManager = new UserManager(this);
  declare id: number;
  declare password: string;
  declare lastLogin: Date | null;
  declare isSuperuser: boolean;
  declare username: string;
  declare firstName: string;
  declare lastName: string;
  declare email: string;
  declare isStaff: boolean;
  declare isActive: boolean;
  declare dateJoined: Date;
  /** Whitespace-separated `app_label.codename` permissions; read through {@link User.permissions}. */
  declare userPermissions: string;

  /** Always true for a real user (Django's `is_authenticated`). */
  get isAuthenticated(): true {
    return true;
  }

  /** Always false for a real user. */
  get isAnonymous(): false {
    return false;
  }

  /** The permissions given directly to this user, sorted. */
  get permissions(): string[] {
    return permissionText(this.userPermissions).split(" ").filter(Boolean);
  }

  /** Hashes and sets a new password (not saved: call `save()`). */
  async setPassword(raw: string | null): Promise<void> {
    this.password = raw === null ? unusablePassword() : await makePassword(raw);
  }

  /** Makes the password unusable: the user cannot log in with a password any more. */
  setUnusablePassword(): void {
    this.password = unusablePassword();
  }

  /** Whether the user has a real password. */
  hasUsablePassword(): boolean {
    return isPasswordUsable(this.password);
  }

  /**
   * Checks a raw password in constant time; an old-parameter hash is upgraded and saved.
   *
   * @example
   * if (!(await user.checkPassword(request.POST.get("password")))) ...
   */
  async checkPassword(raw: string | null | undefined): Promise<boolean> {
    return checkPassword(raw, this.password, async (password) => {
      await this.setPassword(password);
      if (this.pk !== null && this.pk !== undefined)
        await this.save({ updateFields: ["password"] });
    });
  }

  /**
   * Django's `get_session_auth_hash`: an HMAC of the password hash, stored in the session at
   * login, so changing the password logs out every other session.
   */
  getSessionAuthHash(secret: string): string {
    return saltedHmac(SESSION_HASH_SALT, this.password, secret).toString("hex");
  }

  /**
   * Whether the user has `perm` ("app_label.codename"): active superusers have all; other
   * active users those listed in `userPermissions`; inactive users none (Django's ModelBackend).
   *
   * @example
   * user.hasPerm("polls.change_question");
   */
  hasPerm(perm: string, _obj?: unknown): boolean {
    if (!this.isActive) return false;
    if (this.isSuperuser) return true;
    return this.permissions.includes(perm);
  }

  /** Whether the user has every one of `perms`. */
  hasPerms(perms: readonly string[], obj?: unknown): boolean {
    return perms.every((perm) => this.hasPerm(perm, obj));
  }

  /** Whether the user has any permission in the app `appLabel` (the admin's index uses it). */
  hasModulePerms(appLabel: string): boolean {
    if (!this.isActive) return false;
    if (this.isSuperuser) return true;
    return this.permissions.some((perm) => perm.startsWith(`${appLabel}.`));
  }

  /**
   * Adds permissions and saves the field.
   *
   * @example
   * await user.grantPermissions("polls.add_question", "polls.change_question");
   */
  async grantPermissions(...perms: string[]): Promise<void> {
    this.userPermissions = permissionText([...this.permissions, ...perms]);
    if (this.pk !== null && this.pk !== undefined) {
      await this.save({ updateFields: ["userPermissions"] });
    }
  }

  /** Removes permissions and saves the field. */
  async revokePermissions(...perms: string[]): Promise<void> {
    this.userPermissions = permissionText(this.permissions.filter((p) => !perms.includes(p)));
    if (this.pk !== null && this.pk !== undefined) {
      await this.save({ updateFields: ["userPermissions"] });
    }
  }

  /** First and last name with a space between (Django's `get_full_name`). */
  getFullName(): string {
    return `${this.firstName ?? ""} ${this.lastName ?? ""}`.trim();
  }

  /** The first name (Django's `get_short_name`). */
  getShortName(): string {
    return this.firstName ?? "";
  }

  /** The username (Django's `get_username`). */
  getUsername(): string {
    return this.username;
  }

  /** Normalises username and email before validation (Django's `AbstractUser.clean`). */
  override clean(): void {
    if (typeof this.username === "string") this.username = normalizeUsername(this.username);
    this.email = normalizeEmail(this.email);
    this.userPermissions = permissionText(this.userPermissions);
  }

  /** Django's message for a duplicate username instead of the generic one. */
  override async validateUnique(exclude: readonly string[] = []): Promise<void> {
    try {
      await super.validateUnique(exclude);
    } catch (error) {
      if (error instanceof ValidationError && error.errorDict?.username) {
        throw new ValidationError({ ...error.errorDict, username: [DUPLICATE_USERNAME_MESSAGE] });
      }
      throw error;
    }
  }

  override toString(): string {
    return this.username;
  }
}
