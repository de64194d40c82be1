/**
 * What `request.user` is: the project's user model instance (issue 7) or an
 * {@link AnonymousUser}. Only these members are relied on by the web layer and templates.
 */
export interface UserLike {
  readonly id: unknown;
  readonly pk?: unknown;
  readonly username: string;
  readonly isAuthenticated: boolean;
  readonly isAnonymous: boolean;
  readonly isActive?: boolean;
  readonly isStaff?: boolean;
  readonly isSuperuser?: boolean;
  hasPerm(perm: string, obj?: unknown): boolean | Promise<boolean>;
}

/**
 * Nobody is logged in (Django's `AnonymousUser`): not authenticated, no permissions.
 *
 * @example
 * {% if user.isAuthenticated %}Hello {{ user.username }}{% else %}<a href="/login/">Log in</a>{% endif %}
 */
export class AnonymousUser implements UserLike {
  readonly id = null;
  readonly pk = null;
  readonly username = "";
  readonly isAuthenticated = false;
  readonly isAnonymous = true;
  readonly isActive = false;
  readonly isStaff = false;
  readonly isSuperuser = false;

  hasPerm(_perm: string, _obj?: unknown): boolean {
    return false;
  }

  hasPerms(_perms: readonly string[]): boolean {
    return false;
  }

  toString(): string {
    return "AnonymousUser";
  }
}
