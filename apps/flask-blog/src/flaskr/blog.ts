/**
 * The `blog` blueprint, as the tutorial's `flaskr/blog.py`: the index lists every post, newest
 * first; logged-in users create posts and update or delete their own. Someone else's post is
 * 403, a missing one 404.
 */
import { abort, Blueprint, flash, g, redirect, renderTemplate, request, urlFor } from "@tsgi/flask";
import { loginRequired } from "./auth.ts";
import { getDb, parseTimestamp } from "./db.ts";

/** A post with its author's name, as the pages show it. */
export interface Post {
  id: number;
  title: string;
  body: string;
  created: Date;
  author_id: number;
  username: string;
}

type PostRow = Omit<Post, "created"> & { created: string };

const POST_COLUMNS =
  "SELECT p.id, title, body, created, author_id, username FROM post p JOIN user u ON p.author_id = u.id";

/**
 * The blueprint: `/`, `/create`, `/<int:id>/update`, `/<int:id>/delete`.
 *
 * @example
 * app.registerBlueprint(bp); // urlFor("blog.update", { id: 1 }) → "/1/update"
 */
export const bp = new Blueprint("blog", import.meta.url);

function toPost(row: PostRow): Post {
  return { ...row, created: parseTimestamp(row.created) };
}

/**
 * A post and its author by id. Answers 404 when it does not exist and, unless `checkAuthor` is
 * false, 403 when the current user is not its author.
 *
 * @example
 * const post = getPost(id); // inside a view
 */
export function getPost(id: number, checkAuthor = true): Post {
  const row = getDb().prepare(`${POST_COLUMNS} WHERE p.id = ?`).get(id) as PostRow | undefined;
  if (row === undefined) abort(404, `Post id ${id} doesn't exist.`);
  if (checkAuthor && row.author_id !== g.user?.id) abort(403);
  return toPost(row);
}

bp.route("/", function index() {
  const rows = getDb().prepare(`${POST_COLUMNS} ORDER BY created DESC`).all() as PostRow[];
  return renderTemplate("blog/index.html", { posts: rows.map(toPost) });
});

bp.route(
  "/create",
  { methods: ["GET", "POST"] },
  loginRequired(function create() {
    if (request.method === "POST") {
      const title = request.form["title"] as string;
      const body = request.form["body"] as string;
      if (!title) {
        flash("Title is required.");
      } else {
        getDb()
          .prepare("INSERT INTO post (title, body, author_id) VALUES (?, ?, ?)")
          .run(title, body, g.user?.id);
        return redirect(urlFor("blog.index"));
      }
    }
    return renderTemplate("blog/create.html");
  }),
);

bp.route(
  "/<int:id>/update",
  { methods: ["GET", "POST"] },
  loginRequired(function update({ id }: { id: number }) {
    const post = getPost(id);
    if (request.method === "POST") {
      const title = request.form["title"] as string;
      const body = request.form["body"] as string;
      if (!title) {
        flash("Title is required.");
      } else {
        getDb().prepare("UPDATE post SET title = ?, body = ? WHERE id = ?").run(title, body, id);
        return redirect(urlFor("blog.index"));
      }
    }
    return renderTemplate("blog/update.html", { post });
  }),
);

bp.route(
  "/<int:id>/delete",
  // `delete` is a reserved word in JavaScript, so the endpoint is named explicitly.
  { methods: ["POST"], endpoint: "delete" },
  loginRequired(function deletePost({ id }: { id: number }) {
    getPost(id);
    getDb().prepare("DELETE FROM post WHERE id = ?").run(id);
    return redirect(urlFor("blog.index"));
  }),
);
