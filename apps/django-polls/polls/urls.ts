/**
 * The polls URLconf (tutorial parts 3 and 4). `appName` makes "polls" the namespace, so
 * templates write `{% url 'polls:detail' question.id %}` and code `reverse("polls:results", …)`.
 */
import { path } from "@tsgi/django/urls";
import { DetailView, IndexView, ResultsView, vote } from "./views.ts";

export const appName = "polls";

export const urlpatterns = [
  // ex: /polls/
  path("", IndexView.asView(), { name: "index" }),
  // ex: /polls/5/
  path("<int:pk>/", DetailView.asView(), { name: "detail" }),
  // ex: /polls/5/results/
  path("<int:pk>/results/", ResultsView.asView(), { name: "results" }),
  // ex: /polls/5/vote/
  path("<int:questionId>/vote/", vote, { name: "vote" }),
];
