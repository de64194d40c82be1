// The four built-in layouts (Django 5's div/p/table/ul templates, written as code). Hidden
// fields go after the last visible field; their errors join the top-level errors.
import { SafeString, escapeHtml } from "../template/index.ts";
import type { BoundField } from "./bound-field.ts";
import { ErrorList } from "./errors.ts";
import type { BaseForm } from "./form.ts";

interface Parts {
  topErrors: ErrorList;
  rows: { field: BoundField; errors: ErrorList }[];
  hidden: string;
}

function parts(form: BaseForm): Parts {
  const top = [...form.nonFieldErrors().messages];
  const rows: Parts["rows"] = [];
  let hidden = "";
  for (const field of form) {
    const errors = field.errors;
    if (field.isHidden) {
      for (const message of errors.messages) top.push(`(Hidden field ${field.name}) ${message}`);
      hidden += field.value;
    } else {
      rows.push({ field, errors });
    }
  }
  return { topErrors: new ErrorList(top, "nonfield"), rows, hidden };
}

function helpText(field: BoundField, tag: "div" | "span"): string {
  if (!field.helpText) return "";
  const id = field.autoId ? ` id="${escapeHtml(field.autoId)}_helptext"` : "";
  // Help text is trusted developer HTML, as in Django (`help_text|safe`).
  return `<${tag} class="helptext"${tag === "div" ? id : ""}>${field.helpText}</${tag}>`;
}

/** `form.asDiv()`. */
export function renderDiv(form: BaseForm): SafeString {
  const { topErrors, rows, hidden } = parts(form);
  let out = topErrors.value;
  if (rows.length === 0 && hidden) out += `<div>${hidden}</div>`;
  rows.forEach(({ field, errors }, index) => {
    const label = field.label ? field.labelTag().value : "";
    const last = index === rows.length - 1 ? hidden : "";
    const lines = [label, helpText(field, "div"), errors.value, field.value + last];
    out += `\n<div>\n${lines
      .filter(Boolean)
      .map((line) => `  ${line}`)
      .join("\n")}\n</div>`;
  });
  return new SafeString(out.trim());
}

/** `form.asP()`. */
export function renderP(form: BaseForm): SafeString {
  const { topErrors, rows, hidden } = parts(form);
  let out = topErrors.value;
  if (rows.length === 0 && hidden) out += `<p>${hidden}</p>`;
  rows.forEach(({ field, errors }, index) => {
    const label = field.label ? field.labelTag().value : "";
    const last = index === rows.length - 1 ? hidden : "";
    const lines = [label, field.value, helpText(field, "span") + last];
    out += `\n${errors.value}<p>\n${lines
      .filter(Boolean)
      .map((line) => `  ${line}`)
      .join("\n")}\n</p>`;
  });
  return new SafeString(out.trim());
}

/** `form.asTable()` (the rows only, as Django: wrap them in `<table>`). */
export function renderTable(form: BaseForm): SafeString {
  const { topErrors, rows, hidden } = parts(form);
  let out = topErrors.length > 0 ? `<tr><td colspan="2">${topErrors.value}</td></tr>` : "";
  if (rows.length === 0 && hidden) out += `<tr><td colspan="2">${hidden}</td></tr>`;
  rows.forEach(({ field, errors }, index) => {
    const label = field.label ? field.labelTag().value : "";
    const last = index === rows.length - 1 ? hidden : "";
    out += `\n<tr>\n  <th>${label}</th>\n  <td>\n    ${errors.value}\n    ${field.value}\n    ${helpText(field, "span")}${last}\n  </td>\n</tr>`;
  });
  return new SafeString(out.trim());
}

/** `form.asUl()` (the items only: wrap them in `<ul>`). */
export function renderUl(form: BaseForm): SafeString {
  const { topErrors, rows, hidden } = parts(form);
  let out = topErrors.length > 0 ? `<li>${topErrors.value}</li>` : "";
  if (rows.length === 0 && hidden) out += `<li>${hidden}</li>`;
  rows.forEach(({ field, errors }, index) => {
    const label = field.label ? field.labelTag().value : "";
    const last = index === rows.length - 1 ? hidden : "";
    out += `\n<li>\n  ${errors.value}\n  ${label}\n  ${field.value}\n  ${helpText(field, "span")}${last}\n</li>`;
  });
  return new SafeString(out.trim());
}
