/**
 * The project's `manage.py`: `npm run manage -- <command> [args]` (or `npx tsx manage.ts …`).
 * Settings come from `--settings`, else DJANGO_SETTINGS_MODULE, else mysite/settings.ts
 * next to this file — Django's `os.environ.setdefault("DJANGO_SETTINGS_MODULE", …)`.
 */
import { executeFromCommandLine } from "@tsgi/django/management";

process.exitCode = await executeFromCommandLine(process.argv.slice(2), {
  settings: new URL("./mysite/settings.ts", import.meta.url),
});
