/**
 * The JSON API: an in-memory todo list. Each app built by `createApp` has its own store, so
 * tests (and the differential runs, one app per server) start from the same state.
 */
import express, { type Router } from "express";

/** One todo as the API returns it. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

/** Longest title accepted, in characters. */
export const MAX_TITLE_LENGTH = 200;

/**
 * Checks a posted todo; returns an error message per invalid field (empty when valid).
 *
 * @example
 * validateTodo({ title: "" }); // { title: "must be a non-empty string" }
 */
export function validateTodo(input: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { body: "must be a JSON object" };
  }
  const { title, done } = input as { title?: unknown; done?: unknown };
  if (typeof title !== "string" || title.trim() === "") {
    errors.title = "must be a non-empty string";
  } else if (title.length > MAX_TITLE_LENGTH) {
    errors.title = `must be at most ${MAX_TITLE_LENGTH} characters`;
  }
  if (done !== undefined && typeof done !== "boolean") errors.done = "must be a boolean";
  return errors;
}

/**
 * The `/api/todos` router: list, create (400 with field errors), get (404), delete (204).
 *
 * @example
 * app.use("/api/todos", todosRouter());
 */
export function todosRouter(): Router {
  const todos = new Map<number, Todo>([[1, { id: 1, title: "Read PEP 3333", done: true }]]);
  let nextId = 2;
  const router = express.Router();
  router.use(express.json({ limit: "16kb" }));

  router.get("/", (_req, res) => {
    res.json([...todos.values()]);
  });

  router.post("/", (req, res) => {
    const errors = validateTodo(req.body);
    if (Object.keys(errors).length > 0) {
      res.status(400).json({ error: "invalid todo", fields: errors });
      return;
    }
    const { title, done } = req.body as { title: string; done?: boolean };
    const todo: Todo = { id: nextId++, title: title.trim(), done: done ?? false };
    todos.set(todo.id, todo);
    res.status(201).location(`${req.baseUrl}/${todo.id}`).json(todo);
  });

  router.get("/:id", (req, res) => {
    const todo = todos.get(Number(req.params.id));
    if (todo === undefined) {
      res.status(404).json({ error: "no such todo", id: req.params.id });
      return;
    }
    res.json(todo);
  });

  router.delete("/:id", (req, res) => {
    const deleted = todos.delete(Number(req.params.id));
    res.status(deleted ? 204 : 404).end();
  });

  return router;
}
