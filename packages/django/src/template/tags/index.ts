/** The builtin tags, always available in every template. */
import { Library } from "../library.ts";
import { compileFirstOf, compileIf, compileWith } from "./conditional.ts";
import { compileBlock, compileExtends, compileInclude } from "./inheritance.ts";
import {
  compileCycle,
  compileFor,
  compileIfChanged,
  compileRegroup,
  compileResetCycle,
} from "./loop.ts";
import {
  compileAutoescape,
  compileComment,
  compileFilterTag,
  compileLoad,
  compileNow,
  compileSpaceless,
  compileTemplateTag,
  compileVerbatim,
  compileWidthRatio,
} from "./output.ts";
import { compileCsrfToken, compileUrl } from "./web.ts";

export { staticLibrary } from "./web.ts";

/** Django's `django.template.defaulttags`. */
export const builtinTags = new Library()
  .tag("autoescape", compileAutoescape)
  .tag("block", compileBlock)
  .tag("comment", compileComment)
  .tag("csrf_token", compileCsrfToken)
  .tag("cycle", compileCycle)
  .tag("extends", compileExtends)
  .tag("filter", compileFilterTag)
  .tag("firstof", compileFirstOf)
  .tag("for", compileFor)
  .tag("if", compileIf)
  .tag("ifchanged", compileIfChanged)
  .tag("include", compileInclude)
  .tag("load", compileLoad)
  .tag("now", compileNow)
  .tag("regroup", compileRegroup)
  .tag("resetcycle", compileResetCycle)
  .tag("spaceless", compileSpaceless)
  .tag("templatetag", compileTemplateTag)
  .tag("url", compileUrl)
  .tag("verbatim", compileVerbatim)
  .tag("widthratio", compileWidthRatio)
  .tag("with", compileWith);
