/**
 * Codex CLI session rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`):
 * one `{timestamp, type, payload}` object per line.
 *
 * What is read, and nothing else:
 * - `session_meta`: `payload.id`, `payload.cwd`, `payload.timestamp`.
 * - `turn_context`: `payload.model` (the model of the turns that follow), `payload.cwd`.
 * - `event_msg` with `payload.type: "token_count"`: `payload.info.last_token_usage`
 *   (or the difference of `total_token_usage` from the previous event; an event
 *   whose total did not move is a repeat and is skipped). Codex's
 *   `input_tokens` include `cached_input_tokens`; the ledger counts them apart.
 *   `output_tokens` include reasoning tokens.
 * - `response_item` `function_call` (`shell`, `container.exec`, `shell_command`,
 *   `exec_command`) and `local_shell_call`: the command; `apply_patch` calls:
 *   the file names in the patch headers only.
 * - the call's exit status: `function_call_output` (`metadata.exit_code` of a
 *   JSON output, or a first line `Exit code: N` / `Process exited with code N`)
 *   or an `event_msg` `exec_command_end` (`exit_code`).
 * Prompts, replies, reasoning, patch bodies and command output are never read
 * into the ledger.
 */
import type { Transcript } from './build.js';
import { commandFromArgv } from './commands.js';
import { count, earliest, jsonObjects, latest, obj, repoRelative, text } from './transcript.js';

const SHELL_TOOLS = new Set(['shell', 'container.exec', 'shell_command', 'exec_command', 'local_shell']);

interface Usage {
  input: number;
  cached: number;
  output: number;
}

function usageOf(v: unknown): Usage | null {
  const u = obj(v);
  if (!u) return null;
  return { input: count(u['input_tokens']), cached: count(u['cached_input_tokens']), output: count(u['output_tokens']) };
}

function parseJson(v: unknown): Record<string, unknown> | null {
  if (typeof v !== 'string') return obj(v);
  try {
    return obj(JSON.parse(v));
  } catch {
    return null;
  }
}

function commandOf(args: Record<string, unknown> | null): string | null {
  if (!args) return null;
  const command = args['command'] ?? args['cmd'];
  if (Array.isArray(command) && command.every((w) => typeof w === 'string')) return commandFromArgv(command);
  return text(command);
}

/** The exit status in a function call's output: JSON `metadata.exit_code`, or the first line of a text output. */
function exitOf(output: unknown): { exitCode: number | null; failed: boolean } | null {
  const json = parseJson(output);
  const metadata = obj(json?.['metadata']);
  if (metadata && typeof metadata['exit_code'] === 'number') {
    const code = metadata['exit_code'];
    return { exitCode: code, failed: code !== 0 };
  }
  const body = typeof output === 'string' ? output : (text(json?.['content']) ?? text(json?.['output']));
  if (body) {
    // Only the header lines are looked at; the rest is the command's output.
    const header = body.split('\n', 4).join('\n');
    const match = /^(?:Exit code: |Process exited with code )(-?\d+)/m.exec(header);
    if (match) {
      const code = Number(match[1]);
      return { exitCode: code, failed: code !== 0 };
    }
  }
  if (json && typeof json['success'] === 'boolean') return { exitCode: null, failed: !json['success'] };
  return null;
}

/** `*** Update File: src/a.ts` → `src/a.ts`: the headers of an apply_patch body, never its lines. */
function patchedFiles(patch: string): string[] {
  const files: string[] = [];
  for (const match of patch.matchAll(/^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/gm)) files.push(match[1]!.trim());
  return files;
}

export function readCodexRollout(content: string): Transcript {
  const transcript: Transcript = { sessionId: '', agent: 'codex', startedAt: null, endedAt: null, events: [], problems: [] };
  const pending = new Map<string, { command: string; at: string | null }>();
  const done = new Set<string>();
  let model: string | null = null;
  let cwd: string | null = null;
  let previousTotal: Usage | null = null;

  const finish = (callId: string, at: string | null, exit: { exitCode: number | null; failed: boolean }, command?: string | null) => {
    if (done.has(callId)) return;
    const call = pending.get(callId);
    const line = call?.command ?? command ?? null;
    if (!line) return;
    done.add(callId);
    pending.delete(callId);
    transcript.events.push({ kind: 'command', at: at ?? call?.at ?? null, command: line, failed: exit.failed, exitCode: exit.exitCode });
  };
  const writes = (patch: string, at: string | null) => {
    for (const file of patchedFiles(patch)) {
      const rel = repoRelative(file, cwd);
      if (rel) transcript.events.push({ kind: 'write', at, path: rel });
    }
  };

  for (const { value } of jsonObjects(content, transcript.problems)) {
    const at = text(value['timestamp']);
    transcript.startedAt = earliest(transcript.startedAt, at);
    transcript.endedAt = latest(transcript.endedAt, at);
    const payload = obj(value['payload']);
    if (!payload) continue;
    switch (value['type']) {
      case 'session_meta':
        transcript.sessionId ||= text(payload['id']) ?? '';
        cwd = text(payload['cwd']) ?? cwd;
        transcript.startedAt = earliest(transcript.startedAt, text(payload['timestamp']));
        break;
      case 'turn_context':
        model = text(payload['model']) ?? model;
        cwd = text(payload['cwd']) ?? cwd;
        break;
      case 'event_msg': {
        if (payload['type'] === 'token_count') {
          const info = obj(payload['info']);
          if (!info) break;
          const total = usageOf(info['total_token_usage']);
          if (total && previousTotal && total.input === previousTotal.input && total.output === previousTotal.output && total.cached === previousTotal.cached)
            break;
          const last =
            usageOf(info['last_token_usage']) ??
            (total
              ? {
                  input: Math.max(0, total.input - (previousTotal?.input ?? 0)),
                  cached: Math.max(0, total.cached - (previousTotal?.cached ?? 0)),
                  output: Math.max(0, total.output - (previousTotal?.output ?? 0)),
                }
              : null);
          if (total) previousTotal = total;
          if (!last || last.input + last.output + last.cached === 0) break;
          const cached = Math.min(last.cached, last.input);
          transcript.events.push({
            kind: 'call',
            at,
            model: text(info['model']) ?? text(payload['model']) ?? model,
            role: 'execute',
            tokens: { input: last.input - cached, output: last.output, cacheRead: cached, cacheWrite: 0 },
          });
        } else if (payload['type'] === 'exec_command_end') {
          const callId = text(payload['call_id']);
          const code = typeof payload['exit_code'] === 'number' ? payload['exit_code'] : null;
          const argv = payload['command'];
          const command = Array.isArray(argv) && argv.every((w) => typeof w === 'string') ? commandFromArgv(argv) : text(argv);
          if (callId && code !== null) finish(callId, at, { exitCode: code, failed: code !== 0 }, command);
        }
        break;
      }
      case 'response_item': {
        const kind = payload['type'];
        const callId = text(payload['call_id']);
        const name = text(payload['name']) ?? '';
        if (kind === 'function_call' && callId) {
          const args = parseJson(payload['arguments']);
          if (SHELL_TOOLS.has(name)) {
            const command = commandOf(args);
            if (command) {
              pending.set(callId, { command, at });
              // `apply_patch` run through the shell: `["apply_patch", "*** Begin Patch…"]`.
              if (/^apply_patch\b/.test(command)) writes(command, at);
            }
          } else if (name === 'apply_patch') {
            writes(text(args?.['input']) ?? text(args?.['patch']) ?? '', at);
          }
        } else if (kind === 'custom_tool_call' && name === 'apply_patch') {
          writes(text(payload['input']) ?? '', at);
        } else if (kind === 'local_shell_call' && callId) {
          const action = obj(payload['action']);
          const command = commandOf(action);
          if (command) pending.set(callId, { command, at });
        } else if (kind === 'function_call_output' && callId && pending.has(callId)) {
          const exit = exitOf(payload['output']);
          if (exit) finish(callId, at, exit);
        }
        break;
      }
    }
  }
  return transcript;
}
