/**
 * `GET health` — not in the tutorial: what a load balancer (or the all-in-one landing page)
 * polls. No trailing slash, so `<prefix>/health` answers at once like every other demo app's.
 */
import { JsonResponse, type HttpRequest } from "@tsgi/django/http";

/**
 * The view: `{ "app": "django-polls", "ok": true }`.
 *
 * @example
 * path("health", health, { name: "health" });
 */
export function health(_request: HttpRequest): JsonResponse {
  return new JsonResponse({ app: "django-polls", ok: true });
}
