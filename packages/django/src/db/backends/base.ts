// Transaction handling shared by backends: atomic blocks with savepoints, on-commit hooks, and a
// connection lock so that while one async context is inside a transaction, statements from
// other contexts (other requests) wait instead of silently joining it.
import { AsyncLocalStorage } from "node:async_hooks";
import { TransactionManagementError } from "../errors.ts";
import type {
  AtomicOptions,
  DatabaseBackend,
  DatabaseSettings,
  ExecuteResult,
  QueryResult,
  SchemaEditor,
  SqlDialect,
  SqlParam,
} from "./types.ts";

/** A FIFO lock. `acquire()` resolves to a release function. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  locked = false;

  async acquire(): Promise<() => void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.locked = true;
    return () => {
      this.locked = false;
      release();
    };
  }

  /** Resolves once nobody holds or waits for the lock. */
  async idle(): Promise<void> {
    while (this.locked) await this.tail;
  }
}

/** One level of atomic block in one async context. */
class Frame {
  readonly children = new Mutex();
  readonly onCommit: (() => void | Promise<void>)[] = [];
  closed = false;
  constructor(readonly parent: Frame | undefined) {}
}

/**
 * Base class for backends: subclasses provide raw statement execution (`runExecute`,
 * `runQuery`), the dialect, a schema editor and `closeConnection`; this class provides the
 * public API with transaction semantics.
 *
 * @example
 * class MyBackend extends BaseDatabaseBackend { … }
 */
export abstract class BaseDatabaseBackend implements DatabaseBackend {
  abstract readonly vendor: string;
  abstract readonly ops: SqlDialect;
  private readonly context = new AsyncLocalStorage<Frame>();
  private readonly lock = new Mutex();
  private savepointCounter = 0;
  protected closed = false;

  constructor(
    readonly alias: string,
    readonly settings: DatabaseSettings,
  ) {}

  protected abstract runExecute(sql: string, params: readonly SqlParam[]): Promise<ExecuteResult>;
  protected abstract runQuery(sql: string, params: readonly SqlParam[]): Promise<QueryResult>;
  protected abstract closeConnection(): Promise<void>;
  /** Creates the editor; `schemaEditor()` wraps it in a transaction. */
  protected abstract createSchemaEditor(): SchemaEditor;
  abstract tableNames(): Promise<string[]>;
  abstract columnNames(table: string): Promise<string[]>;

  private currentFrame(): Frame | undefined {
    const frame = this.context.getStore();
    return frame && !frame.closed ? frame : undefined;
  }

  /** Waits while another async context holds the connection in a transaction. */
  private async turn(): Promise<void> {
    if (this.closed) throw new TransactionManagementError(`Connection '${this.alias}' is closed`);
    if (!this.currentFrame()) await this.lock.idle();
  }

  async execute(sql: string, params: readonly SqlParam[] = []): Promise<ExecuteResult> {
    await this.turn();
    return this.runExecute(sql, params);
  }

  async query(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult> {
    await this.turn();
    return this.runQuery(sql, params);
  }

  inAtomicBlock(): boolean {
    return this.currentFrame() !== undefined;
  }

  async onCommit(fn: () => void | Promise<void>): Promise<void> {
    const frame = this.currentFrame();
    if (frame) frame.onCommit.push(fn);
    else await fn();
  }

  async atomic<T>(fn: () => Promise<T>, options: AtomicOptions = {}): Promise<T> {
    const parent = this.currentFrame();
    if (!parent) return this.outermostAtomic(fn);
    if (options.savepoint === false) return fn();
    return this.savepointAtomic(parent, fn);
  }

  private async outermostAtomic<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new TransactionManagementError(`Connection '${this.alias}' is closed`);
    const release = await this.lock.acquire();
    const frame = new Frame(undefined);
    let result: T;
    try {
      await this.runExecute(this.ops.beginTransactionSql, []);
      try {
        result = await this.context.run(frame, fn);
      } catch (error) {
        frame.closed = true;
        await this.runExecute("ROLLBACK", []);
        throw error;
      }
      frame.closed = true;
      try {
        await this.runExecute("COMMIT", []);
      } catch (error) {
        await this.runExecute("ROLLBACK", []).catch(() => undefined);
        throw error;
      }
    } finally {
      frame.closed = true;
      release();
    }
    for (const hook of frame.onCommit) await hook();
    return result;
  }

  private async savepointAtomic<T>(parent: Frame, fn: () => Promise<T>): Promise<T> {
    // Sibling savepoints started concurrently (Promise.all inside one block) take turns:
    // RELEASE of one would otherwise release the other.
    const release = await parent.children.acquire();
    const frame = new Frame(parent);
    const name = this.ops.quoteName(`s${++this.savepointCounter}`);
    try {
      await this.runExecute(`SAVEPOINT ${name}`, []);
      let result: T;
      try {
        result = await this.context.run(frame, fn);
      } catch (error) {
        frame.closed = true;
        await this.runExecute(`ROLLBACK TO SAVEPOINT ${name}`, []);
        await this.runExecute(`RELEASE SAVEPOINT ${name}`, []);
        throw error;
      }
      frame.closed = true;
      await this.runExecute(`RELEASE SAVEPOINT ${name}`, []);
      parent.onCommit.push(...frame.onCommit);
      return result;
    } finally {
      frame.closed = true;
      release();
    }
  }

  async schemaEditor<T>(fn: (editor: SchemaEditor) => Promise<T>): Promise<T> {
    return this.atomic(() => fn(this.createSchemaEditor()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.currentFrame()) {
      throw new TransactionManagementError("Cannot close a connection inside an atomic block");
    }
    await this.lock.idle();
    this.closed = true;
    await this.closeConnection();
  }
}
