// Naming rules shared by models, fields and migrations. Attributes are camelCase in
// TypeScript; tables and columns are snake_case in SQL, as Django names them
// (`Question.pubDate` → `polls_question.pub_date`), so a database stays readable from psql or
// the sqlite3 shell and looks like the one Django would have made.

/**
 * `pubDate` → `pub_date`, `HTTPStatus` → `http_status`, `question2Id` → `question2_id`.
 *
 * @example
 * snakeCase("questionText"); // "question_text"
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * `Choice` → `choice`, `BlogPost` → `blogPost` (the default reverse accessor is this + `Set`).
 *
 * @example
 * lowerFirst("BlogPost"); // "blogPost"
 */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
