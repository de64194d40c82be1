/**
 * `@tsgi/django/contrib/admin`: Django's admin site. Register models with ModelAdmin
 * options, mount `site.urls`, list `adminApp` and `authApp` in INSTALLED_APPS, and active
 * staff users get, at `/admin/`: the index of the apps and models they may see, a login page
 * (`/admin/login/?next=…`), per-model changelists (`/admin/<app>/<model>/` with `listDisplay`,
 * `listFilter`, `searchFields` (`?q=`), sortable columns (`?o=`) and pages (`?p=`)), add and
 * change forms (`add/`, `<id>/change/`) with inlines, and a delete confirmation
 * (`<id>/delete/`). Every form posts with CSRF; each action leaves a message; permissions are
 * `user.hasPerm("<app>.<action>_<model>")` (view, add, change, delete).
 *
 * @example
 * import { ModelAdmin, TabularInline, site, display } from "@tsgi/django/contrib/admin";
 * class ChoiceInline extends TabularInline { model = Choice; override extra = 3; }
 * class QuestionAdmin extends ModelAdmin {
 *   override fieldsets = [[null, { fields: ["questionText"] }], ["Date information", { fields: ["pubDate"] }]] as const;
 *   override inlines = [ChoiceInline];
 *   override listDisplay = ["questionText", "pubDate", "wasPublishedRecently"];
 *   override listFilter = ["pubDate"];
 *   override searchFields = ["questionText"];
 * }
 * site.register(Question, QuestionAdmin);
 * export const urlpatterns = [path("admin/", site.urls)];
 */
export { AdminSite, site, AlreadyRegistered, NotRegistered, type ModelAdminClass } from "./site.ts";
export { ModelAdmin, type AdminAction, type Fieldset } from "./model-admin.ts";
export {
  InlineModelAdmin,
  TabularInline,
  StackedInline,
  InlineFormSet,
  ManagementFormError,
  type InlineClass,
  type InlineRow,
} from "./inlines.ts";
export {
  display,
  booleanIcon,
  type DisplayOptions,
  type DisplayFunction,
  type ListDisplayEntry,
} from "./display.ts";
export {
  ChangeList,
  IncorrectLookupParameters,
  searchCondition,
  searchTerms,
  type ChangeListOptions,
  type ColumnHeader,
} from "./changelist.ts";
export { makeFilter, InvalidFilterValue, type ListFilter, type FilterChoice } from "./filters.ts";
export { AdminModelForm, type BoundField, type FormData } from "./model-form.ts";
export { collectDeleted, type DeletionSummary, type DeletedNode } from "./deletion.ts";
export { adminApp } from "./apps.ts";
