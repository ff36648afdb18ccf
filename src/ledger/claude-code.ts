/**
 * Claude Code session transcripts (`~/.claude/projects/<project>/<session>.jsonl`).
 *
 * What is read, and nothing else:
 * - `assistant` lines: `message.model`, `message.usage` (`input_tokens`,
 *   `output_tokens`, `cache_creation_input_tokens`, `cache_read_input_tokens`),
 *   `message.id` and `requestId` (a response streamed over several lines repeats
 *   its usage: counted once), `isSidechain` (a subagent's call), `tool_use`
 *   blocks: `Bash` commands, and the `file_path` of `Edit`, `MultiEdit`, `Write`
 *   and `NotebookEdit`.
 * - `user` lines: `tool_result` blocks' `tool_use_id` and `is_error`. A failed
 *   Bash result starts with `Exit code N`; only that number is read.
 * - `sessionId`, `cwd`, `timestamp`.
 * Prompts, replies, thinking, file contents and command output are never read
 * into the ledger.
 */
import type { CallEvent, Transcript, TranscriptEvent } from './build.js';
import { count, earliest, jsonObjects, latest, obj, repoRelative, text } from './transcript.js';

const WRITE_TOOLS: Record<string, string> = { Edit: 'file_path', MultiEdit: 'file_path', Write: 'file_path', NotebookEdit: 'notebook_path' };

export function readClaudeCodeTranscript(content: string): Transcript {
  const transcript: Transcript = { sessionId: '', agent: 'claude-code', startedAt: null, endedAt: null, events: [], problems: [] };
  const calls = new Map<string, CallEvent>();
  const bash = new Map<string, { command: string; at: string | null }>();
  let cwd: string | null = null;

  for (const { line, value } of jsonObjects(content, transcript.problems)) {
    const at = text(value['timestamp']);
    transcript.startedAt = earliest(transcript.startedAt, at);
    transcript.endedAt = latest(transcript.endedAt, at);
    if (!transcript.sessionId) transcript.sessionId = text(value['sessionId']) ?? '';
    cwd = text(value['cwd']) ?? cwd;
    const message = obj(value['message']);
    if (!message) continue;

    if (value['type'] === 'assistant') {
      const model = text(message['model']);
      const usage = obj(message['usage']);
      // `<synthetic>` marks a message Claude Code wrote itself (an API error, an interruption): no model call.
      if (usage && model !== '<synthetic>') {
        const tokens = {
          input: count(usage['input_tokens']),
          output: count(usage['output_tokens']),
          cacheRead: count(usage['cache_read_input_tokens']),
          cacheWrite: count(usage['cache_creation_input_tokens']),
        };
        const key = `${text(message['id']) ?? `line ${line}`}\u0000${text(value['requestId']) ?? ''}`;
        const seen = calls.get(key);
        if (seen) {
          // The same response streamed over several lines: keep the largest count of each kind.
          seen.tokens = {
            input: Math.max(seen.tokens.input, tokens.input),
            output: Math.max(seen.tokens.output, tokens.output),
            cacheRead: Math.max(seen.tokens.cacheRead, tokens.cacheRead),
            cacheWrite: Math.max(seen.tokens.cacheWrite, tokens.cacheWrite),
          };
        } else {
          const call: CallEvent = { kind: 'call', at, model, role: value['isSidechain'] === true ? 'subagent' : 'execute', tokens };
          calls.set(key, call);
          transcript.events.push(call);
        }
      }
      for (const block of Array.isArray(message['content']) ? message['content'] : []) {
        const b = obj(block);
        if (!b || b['type'] !== 'tool_use') continue;
        const input = obj(b['input']) ?? {};
        const name = text(b['name']) ?? '';
        const id = text(b['id']);
        if (name === 'Bash' && id) {
          const command = text(input['command']);
          if (command) bash.set(id, { command, at });
        }
        const field = WRITE_TOOLS[name];
        const file = field ? text(input[field]) : null;
        const rel = file ? repoRelative(file, cwd) : null;
        if (rel) transcript.events.push({ kind: 'write', at, path: rel });
      }
      continue;
    }

    if (value['type'] === 'user' && Array.isArray(message['content'])) {
      for (const block of message['content']) {
        const b = obj(block);
        if (!b || b['type'] !== 'tool_result') continue;
        const id = text(b['tool_use_id']);
        const call = id ? bash.get(id) : undefined;
        if (!call || !id) continue;
        bash.delete(id);
        const failed = b['is_error'] === true;
        transcript.events.push({
          kind: 'command',
          at: at ?? call.at,
          command: call.command,
          failed,
          exitCode: failed ? exitCodeOf(b['content']) : 0,
        } satisfies TranscriptEvent);
      }
    }
  }
  return transcript;
}

/** `Exit code 2\n…` → 2: the first line only, the rest is output and is not read. */
function exitCodeOf(content: unknown): number | null {
  const first = typeof content === 'string' ? content : Array.isArray(content) ? text(obj(content[0])?.['text']) : null;
  const match = first ? /^Exit code (\d+)/.exec(first) : null;
  return match ? Number(match[1]) : null;
}
