/**
 * The polls views: the generic views of part 4 with part 5's fix (questions published in
 * the future stay hidden), and the `vote` view that counts a vote with `F("votes") + 1` —
 * written `F("votes").add(1)` — so two votes at once can never lose one.
 */
import { F } from "@tsgi/django/db";
import { HttpResponseRedirect, type HttpRequest } from "@tsgi/django/http";
import { getObjectOr404, render } from "@tsgi/django/shortcuts";
import { reverse } from "@tsgi/django/urls";
import { generic } from "@tsgi/django/views";
import { Choice, Question } from "./models.ts";

/** The five latest published questions (not those dated in the future). */
export class IndexView extends generic.ListView {
  override templateName = "polls/index.html";
  override contextObjectName = "latestQuestionList";

  override getQueryset() {
    return Question.objects.filter({ pubDate__lte: new Date() }).orderBy("-pubDate").slice(0, 5);
  }
}

/** One question and its voting form; a future question is a 404. */
export class DetailView extends generic.DetailView {
  override model = Question;
  override templateName = "polls/detail.html";

  /** Excludes any questions that aren't published yet. */
  override getQueryset() {
    return Question.objects.filter({ pubDate__lte: new Date() });
  }
}

/** The vote counts of one question; a future question is a 404 here too. */
export class ResultsView extends generic.DetailView {
  override model = Question;
  override templateName = "polls/results.html";

  override getQueryset() {
    return Question.objects.filter({ pubDate__lte: new Date() });
  }
}

const NO_CHOICE = "You didn't select a choice.";

/**
 * POST `choice` (a choice id of this question): counts the vote and redirects to the results
 * (always redirect after a successful POST, so Back cannot vote twice). No choice, or one that
 * is not this question's, shows the form again with an error.
 */
export async function vote(
  request: HttpRequest,
  { questionId }: { questionId: number },
): Promise<HttpResponseRedirect | Awaited<ReturnType<typeof render>>> {
  const question = await getObjectOr404(Question.objects.filter({ pubDate__lte: new Date() }), {
    pk: questionId,
  });
  const choiceId = request.POST.get("choice");
  let selectedChoice: Choice;
  try {
    if (choiceId === undefined || !/^\d+$/.test(choiceId)) throw new Choice.DoesNotExist();
    selectedChoice = await question.choiceSet.get({ pk: Number(choiceId) });
  } catch (error) {
    if (!(error instanceof Choice.DoesNotExist)) throw error;
    // Redisplay the question voting form.
    return render(request, "polls/detail.html", { question, errorMessage: NO_CHOICE });
  }
  selectedChoice.votes = F("votes").add(1) as unknown as number;
  await selectedChoice.save({ updateFields: ["votes"] });
  return new HttpResponseRedirect(reverse("polls:results", { args: [question.id] }));
}
