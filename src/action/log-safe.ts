/**
 * Text for `core.info`, which writes to the job log verbatim. The runner reads
 * every line that starts with `::` as a workflow command (`::add-mask::`,
 * `::stop-commands::`, `::warning::`…), so untrusted text (file names, git's
 * messages) must never start a line of its own. It also still reads the older
 * form, `##[warning]…`, anywhere in a line (actions/runner, ActionCommand.TryParse),
 * so that one is broken up wherever it appears.
 */
import { inertInLog } from '../receipt/escape.js';

// C0/C1 controls (newlines, carriage returns, terminal escapes), line and
// paragraph separators, and bidi controls that make a name read differently.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with each unsafe character written as an escape (`\n`, `\u001b`), on one line, and no `##[`. */
export function logSafe(text: string): string {
  return inertInLog(text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
