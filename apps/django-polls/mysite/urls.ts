/**
 * The project URLconf (tutorial parts 1 and 2): `/polls/` goes to the polls app, `/admin/`
 * to the admin site. The polls admin module is imported first, so its models are registered
 * before `site.urls` is read (Django's admin autodiscover).
 */
import { site } from "@tsgi/django/contrib/admin";
import { include, path } from "@tsgi/django/urls";
import "../polls/admin.ts";
import * as pollsUrls from "../polls/urls.ts";
import { health } from "./health.ts";

export const urlpatterns = [
  path("polls/", include(pollsUrls)),
  path("admin/", site.urls),
  path("health", health, { name: "health" }),
];
