/** The builtin filters, always available in every template (Django's `defaultfilters`). */
import { Library } from "../library.ts";
import { registerDateFilters } from "./dates.ts";
import { registerFormatFilters } from "./format.ts";
import { registerHtmlFilters } from "./html.ts";
import { registerListFilters } from "./lists.ts";
import { registerNumberFilters } from "./numbers.ts";
import { registerTextFilters } from "./text.ts";

/** Django's `django.template.defaultfilters`, minus `random`, `length_is` and i18n ones. */
export const builtinFilters = new Library();
registerTextFilters(builtinFilters);
registerHtmlFilters(builtinFilters);
registerListFilters(builtinFilters);
registerNumberFilters(builtinFilters);
registerDateFilters(builtinFilters);
registerFormatFilters(builtinFilters);
