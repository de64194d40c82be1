// `transaction.atomic` and friends (Django's django.db.transaction), on top of the backend.
import type { AtomicOptions } from "./backends/types.ts";
import { connections } from "./connections.ts";

/** Options naming the database alias. */
export interface UsingOptions {
  using?: string;
}

/**
 * Runs `fn` in a transaction on the `using` database (default "default"); nested calls
 * create savepoints. If `fn` throws, its work is rolled back and the error rethrown.
 *
 * @example
 * await transaction.atomic(async () => {
 *   const q = await Question.objects.create({ questionText: "?", pubDate: new Date() });
 *   await q.choiceSet.create({ choiceText: "Yes" });
 * });
 */
async function atomic<T>(
  fn: () => Promise<T>,
  options: AtomicOptions & UsingOptions = {},
): Promise<T> {
  return connections.get(options.using).atomic(fn, options);
}

/**
 * Runs `fn` after the current transaction commits (immediately when not in one); dropped if
 * the transaction rolls back.
 *
 * @example
 * await transaction.onCommit(() => sendMail(user));
 */
async function onCommit(fn: () => void | Promise<void>, options: UsingOptions = {}): Promise<void> {
  await connections.get(options.using).onCommit(fn);
}

/**
 * True inside an atomic block of the database.
 *
 * @example
 * transaction.inAtomicBlock(); // false outside atomic()
 */
function inAtomicBlock(options: UsingOptions = {}): boolean {
  return connections.get(options.using).inAtomicBlock();
}

/**
 * Transaction helpers.
 *
 * @example
 * await transaction.atomic(async () => { await choice.save(); });
 */
export const transaction = { atomic, onCommit, inAtomicBlock };
