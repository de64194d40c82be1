// The ORM's errors, typed and coded (Django's django.core.exceptions and django.db.utils as far
// as the ORM needs them). Tests and callers compare `code`, never message wording.

/** Stable codes for the ORM's errors. */
export type DbErrorCode =
  | "DJANGO_E_DB_DOES_NOT_EXIST"
  | "DJANGO_E_DB_MULTIPLE_OBJECTS"
  | "DJANGO_E_DB_FIELD"
  | "DJANGO_E_DB_VALIDATION"
  | "DJANGO_E_DB_PROTECTED"
  | "DJANGO_E_DB_RESTRICTED"
  | "DJANGO_E_DB_INTEGRITY"
  | "DJANGO_E_DB_DATABASE"
  | "DJANGO_E_DB_CONFIG"
  | "DJANGO_E_DB_QUERYSET"
  | "DJANGO_E_DB_TRANSACTION"
  | "DJANGO_E_DB_MIGRATION"
  | "DJANGO_E_DB_IRREVERSIBLE"
  | "DJANGO_E_DB_NODE_NOT_FOUND";

/**
 * Base class of every ORM error: a `code` for programs, a message for people.
 *
 * @example
 * try { await Question.objects.get({ id: 99 }); } catch (e) { if (e instanceof DbError) e.code; }
 */
export class DbError extends Error {
  readonly code: DbErrorCode;
  constructor(code: DbErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * `get()` found no row. Each model has its own subclass, `Question.DoesNotExist`, so
 * `catch (e) { if (e instanceof Question.DoesNotExist) … }` works as in Django.
 *
 * @example
 * try { await Question.objects.get({ pk: 1 }); }
 * catch (e) { if (e instanceof ObjectDoesNotExist) throw new Http404(); throw e; }
 */
export class ObjectDoesNotExist extends DbError {
  constructor(message = "Object matching query does not exist.") {
    super("DJANGO_E_DB_DOES_NOT_EXIST", message);
  }
}

/**
 * `get()` found more than one row; `Question.MultipleObjectsReturned` is the per-model subclass.
 *
 * @example
 * await Choice.objects.get({ votes: 0 }); // throws Choice.MultipleObjectsReturned if two match
 */
export class MultipleObjectsReturned extends DbError {
  constructor(message = "get() returned more than one object.") {
    super("DJANGO_E_DB_MULTIPLE_OBJECTS", message);
  }
}

/**
 * A lookup names a field, relation or lookup type the model does not have.
 *
 * @example
 * Question.objects.filter({ nope__exact: 1 }); // FieldError: Cannot resolve keyword 'nope'
 */
export class FieldError extends DbError {
  constructor(message: string) {
    super("DJANGO_E_DB_FIELD", message);
  }
}

/** Messages of a {@link ValidationError} per field name; `__all__` holds the non-field ones. */
export type ValidationErrorDict = Record<string, string[]>;

/**
 * Invalid data (Django's `ValidationError`), raised by field validation and
 * `instance.fullClean()`, and meant to be reused by forms. Build it from one message, a list,
 * or a per-field dict; `messages` always lists every message, `errorDict` exists when the
 * errors belong to fields.
 *
 * @example
 * throw new ValidationError("Ensure this value has at most 200 characters.", { code: "max_length" });
 * new ValidationError({ questionText: ["This field cannot be blank."] }).errorDict;
 */
export class ValidationError extends DbError {
  /** Django's error code of a single error (`"max_length"`, `"blank"`, `"invalid"`…). */
  readonly validationCode: string | undefined;
  readonly params: Record<string, unknown> | undefined;
  readonly errorList: string[];
  readonly errorDict: ValidationErrorDict | undefined;

  constructor(
    message: string | string[] | ValidationErrorDict,
    options: { code?: string; params?: Record<string, unknown> } = {},
  ) {
    const list =
      typeof message === "string"
        ? [message]
        : Array.isArray(message)
          ? message
          : Object.entries(message).flatMap(([field, messages]) =>
              messages.map((text) => (field === "__all__" ? text : `${field}: ${text}`)),
            );
    super("DJANGO_E_DB_VALIDATION", list.join(" "));
    this.validationCode = options.code;
    this.params = options.params;
    this.errorDict = typeof message === "object" && !Array.isArray(message) ? message : undefined;
    this.errorList =
      typeof message === "string" ? [message] : Array.isArray(message) ? message : list;
  }

  /** Every message, flattened (Django's `ValidationError.messages`). */
  get messages(): string[] {
    return this.errorDict ? Object.values(this.errorDict).flat() : this.errorList;
  }
}

/**
 * A delete would remove rows that a `PROTECT` foreign key still points to.
 *
 * @example
 * await question.delete(); // ProtectedError if Choice.question has onDelete: PROTECT
 */
export class ProtectedError extends DbError {
  constructor(
    message: string,
    readonly protectedObjects: unknown[],
  ) {
    super("DJANGO_E_DB_PROTECTED", message);
  }
}

/**
 * A delete would remove rows that a `RESTRICT` foreign key points to from outside the delete.
 *
 * @example
 * await question.delete(); // RestrictedError unless the referencing rows go too (by CASCADE)
 */
export class RestrictedError extends DbError {
  constructor(
    message: string,
    readonly restrictedObjects: unknown[],
  ) {
    super("DJANGO_E_DB_RESTRICTED", message);
  }
}

/**
 * The database refused a write (unique or foreign-key constraint, NOT NULL…).
 *
 * @example
 * await Tag.objects.create({ name: "a" }); await Tag.objects.create({ name: "a" }); // unique → IntegrityError
 */
export class IntegrityError extends DbError {
  constructor(message: string, options?: ErrorOptions) {
    super("DJANGO_E_DB_INTEGRITY", message, options);
  }
}

/**
 * Any other error the database driver reported (bad SQL in `RunSQL`, a locked file…).
 *
 * @example
 * await connections.get().query("SELEC 1"); // DatabaseError
 */
export class DatabaseError extends DbError {
  constructor(message: string, options?: ErrorOptions) {
    super("DJANGO_E_DB_DATABASE", message, options);
  }
}

/**
 * The DATABASES setting or a model definition is wrong (unknown ENGINE, missing alias,
 * ForeignKey to an unknown model…).
 *
 * @example
 * configureDatabases({ default: { ENGINE: "oracle", NAME: "x" } }); // DbConfigError
 */
export class DbConfigError extends DbError {
  constructor(message: string) {
    super("DJANGO_E_DB_CONFIG", message);
  }
}

/**
 * A QuerySet was used in a way it cannot support (filtering after slicing, negative slice…).
 *
 * @example
 * Question.objects.all().slice(0, 5).filter({ id: 1 }); // QuerySetError
 */
export class QuerySetError extends DbError {
  constructor(message: string) {
    super("DJANGO_E_DB_QUERYSET", message);
  }
}

/**
 * Transactions were misused (savepoint outside a transaction, closed connection in a block…).
 *
 * @example
 * await transaction.atomic(async () => { await closeAllConnections(); }); // TransactionManagementError
 */
export class TransactionManagementError extends DbError {
  constructor(message: string) {
    super("DJANGO_E_DB_TRANSACTION", message);
  }
}

/**
 * Migrations cannot be loaded or applied (bad module, cycle, inconsistent history…).
 *
 * @example
 * await migrate({ apps: [{ label: "polls", models: [], migrations: { "0002_x": { dependencies: [["polls", "0009"]], operations: [] } } }] }); // MigrationError
 */
export class MigrationError extends DbError {
  constructor(message: string, code: DbErrorCode = "DJANGO_E_DB_MIGRATION") {
    super(code, message);
  }
}
