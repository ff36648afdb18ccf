/**
 * Ledger files an earlier step of the job produced (`ledger:` input). They are
 * claims like any ledger: the engine parses them and reports what it cannot
 * trust. A listed file that is missing fails the step: the gate was told to
 * expect it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LedgerSource } from '../snapshot.js';
import { ActionError } from './errors.js';
import type { LedgerInput } from './inputs.js';

type FileLedgerKind = Exclude<LedgerSource['kind'], 'git-ai-note'>;

/** Larger than any real ledger; keeps a runaway file from exhausting the runner's memory. */
const MAX_LEDGER_BYTES = 32 * 1024 * 1024;

export async function readLedgerFiles(inputs: LedgerInput[], workspace: string): Promise<LedgerSource[]> {
  const out: LedgerSource[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(workspace, input.path);
    const info = await stat(absolute).catch(() => null);
    if (!info) {
      throw new ActionError(`ledger file ${input.path} (input \`ledger\`) does not exist in ${workspace}: check the step that writes it ran before proofgate`);
    }
    const files = info.isDirectory()
      ? (await readdir(absolute)).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(absolute, f))
      : [absolute];
    for (const file of files) {
      const shown = displayPath(file, workspace);
      const size = (await stat(file)).size;
      if (size > MAX_LEDGER_BYTES) throw new ActionError(`ledger file ${shown} is ${Math.round(size / 1048576)} MB, over the 32 MB proofgate reads`);
      const content = await readFile(file, 'utf8');
      const kind = input.kind ?? ledgerKind(shown, content);
      if (!kind) {
        throw new ActionError(
          `cannot tell what kind of ledger ${shown} is: prefix it in the \`ledger\` input with \`agent-trace:\` or \`proofgate-session:\``,
        );
      }
      out.push({ kind, path: shown, commitSha: null, content });
    }
  }
  return out;
}

/** The kind from the conventional directory, else from the first record's shape. */
export function ledgerKind(filePath: string, content: string): FileLedgerKind | null {
  const p = filePath.replace(/\\/g, '/');
  if (/(^|\/)\.agent-trace\//.test(p)) return 'agent-trace';
  if (/(^|\/)\.proofgate\/sessions\//.test(p)) return 'proofgate-session';
  const first = content.split('\n').find((l) => l.trim() !== '');
  if (!first) return null;
  let record: unknown;
  try {
    record = JSON.parse(first);
  } catch {
    return null;
  }
  if (typeof record !== 'object' || record === null) return null;
  const r = record as Record<string, unknown>;
  if (typeof r['proofgate'] === 'string') return 'proofgate-session';
  if (typeof r['schema'] === 'string' && r['schema'].startsWith('agent-trace/')) return 'agent-trace';
  if (typeof r['version'] === 'string' && Array.isArray(r['files'])) return 'agent-trace';
  return null;
}

/** Workspace-relative with forward slashes when inside it; the absolute path otherwise. */
function displayPath(file: string, workspace: string): string {
  const relative = path.relative(workspace, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}
