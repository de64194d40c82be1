/**
 * The JSON API as a Fastify plugin: an in-memory todo list whose input is checked by JSON
 * schema (Fastify's own 400 with the validation message). Each registration has its own store,
 * so every app built by `buildApp` starts from the same state.
 */
import type { FastifyPluginAsync } from "fastify";

/** One todo as the API returns it. */
export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

/** Longest title accepted, in characters. */
export const MAX_TITLE_LENGTH = 200;

const todoSchema = {
  type: "object",
  properties: { id: { type: "integer" }, title: { type: "string" }, done: { type: "boolean" } },
} as const;

const createSchema = {
  body: {
    type: "object",
    required: ["title"],
    additionalProperties: false,
    properties: {
      title: { type: "string", minLength: 1, maxLength: MAX_TITLE_LENGTH },
      done: { type: "boolean" },
    },
  },
  response: { 201: todoSchema },
} as const;

const idParams = {
  params: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
} as const;

/**
 * `/api/todos`: list, create (400 from the schema), get (404), delete (204).
 *
 * @example
 * app.register(todosPlugin, { prefix: "/api/todos" });
 */
export const todosPlugin: FastifyPluginAsync = async (fastify) => {
  const todos = new Map<number, Todo>([[1, { id: 1, title: "Read PEP 3333", done: true }]]);
  let nextId = 2;

  fastify.get("/", async () => [...todos.values()]);

  fastify.post<{ Body: { title: string; done?: boolean } }>(
    "/",
    { schema: createSchema },
    async (request, reply) => {
      const todo: Todo = {
        id: nextId++,
        title: request.body.title,
        done: request.body.done ?? false,
      };
      todos.set(todo.id, todo);
      // fastify.prefix is this plugin's whole prefix, the app's mount point included.
      return reply.code(201).header("location", `${fastify.prefix}/${todo.id}`).send(todo);
    },
  );

  fastify.get<{ Params: { id: number } }>("/:id", { schema: idParams }, async (request, reply) => {
    const todo = todos.get(request.params.id);
    if (todo === undefined) {
      return reply.code(404).send({ error: "no such todo", id: request.params.id });
    }
    return todo;
  });

  fastify.delete<{ Params: { id: number } }>("/:id", { schema: idParams }, async (request, reply) =>
    reply.code(todos.delete(request.params.id) ? 204 : 404).send(),
  );
};
