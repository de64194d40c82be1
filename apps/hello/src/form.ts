// /form: GET shows a form, POST echoes what was submitted. Reading a request body by hand
// shows the duties an app has under TSGI: check the media type, bound the size, decode.
import type { App, Environ, InputStream } from "@tsgi/core";
import { escapeHtml, page } from "./html.ts";
import { respondHtml } from "./respond.ts";

/** Largest body POST /form accepts: 64 KiB. */
export const MAX_FORM_BYTES = 64 * 1024;

const FORM_TYPE = "application/x-www-form-urlencoded";

/** GET /form: the form, posting back to this same URL. */
export const showForm: App = (environ, startResponse) => {
  const action = `${environ.SCRIPT_NAME}/form`;
  const html = page(
    "form",
    `<h1>A form</h1>
<form method="post" action="${escapeHtml(action)}">
<p><label>Name <input name="name" value="Ada"></label></p>
<p><label>Message <textarea name="message">Hello, TSGI!</textarea></label></p>
<p><button>Send</button></p>
</form>`,
  );
  return respondHtml(startResponse, "200 OK", html);
};

/** POST /form: echoes the submitted fields, escaped; 415 for other media types, 413 past the limit. */
export const submitForm: App = async (environ, startResponse) => {
  if (mediaType(environ.CONTENT_TYPE) !== FORM_TYPE) {
    return respondHtml(
      startResponse,
      "415 Unsupported Media Type",
      page("415", `<h1>415 Unsupported Media Type</h1><p>Send ${FORM_TYPE}.</p>`),
      [["Accept-Post", FORM_TYPE]],
    );
  }
  const bytes = await readAtMost(environ, MAX_FORM_BYTES);
  if (bytes === undefined) {
    return respondHtml(
      startResponse,
      "413 Content Too Large",
      page("413", `<h1>413 Content Too Large</h1><p>The limit is ${MAX_FORM_BYTES} bytes.</p>`),
    );
  }
  const fields = [...new URLSearchParams(new TextDecoder().decode(bytes))];
  const items = fields.map(
    ([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`,
  );
  const html = page(
    "submitted",
    `<h1>You sent</h1>
${items.length === 0 ? "<p>No fields.</p>" : `<table>\n${items.join("\n")}\n</table>`}
<p><a href="${escapeHtml(`${environ.SCRIPT_NAME}/form`)}">Back to the form</a></p>`,
  );
  return respondHtml(startResponse, "200 OK", html);
};

/** "application/x-www-form-urlencoded; charset=UTF-8" → "application/x-www-form-urlencoded". */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/**
 * The whole body, or undefined when it is larger than `limit`. A declared Content-Length
 * is checked before reading anything; a chunked body is counted while it arrives, so a
 * client cannot make the app buffer more than `limit` bytes.
 */
async function readAtMost(environ: Environ, limit: number): Promise<Uint8Array | undefined> {
  if (Number(environ.CONTENT_LENGTH ?? 0) > limit) return undefined;
  const input: InputStream = environ["tsgi.input"];
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of input) {
    total += chunk.byteLength;
    if (total > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
