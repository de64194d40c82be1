/**
 * The project URLconf (tutorial part 1): `/polls/` goes to the polls app. The admin
 * (`admin/`) is issue 7's.
 */
import { include, path } from "@tsgi/django/urls";
import * as pollsUrls from "../polls/urls.ts";

export const urlpatterns = [path("polls/", include(pollsUrls))];
