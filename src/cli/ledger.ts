/**
 * `proofgate ledger import|record|validate|trailer`: produce and check proofgate
 * session ledgers (`.proofgate/sessions/<id>.jsonl`, docs/ledger.md).
 */
import { appendFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { agentByAlias } from '../attribution/agents.js';
import { normaliseModel } from '../attribution/models.js';
import { readSessionLedger, sessionHeaderSchema, sessionRecordSchema, SESSION_LEDGER_VERSION } from '../attribution/ledgers/session.js';
import { BUILTIN_PRICES, describeOrigin, pricingFrom } from '../attribution/pricing.js';
import type { SessionSummary } from '../attribution/types.js';
import { costBasis } from '../engine/budgets.js';
import { buildLedger, ledgerId, ledgerText, type BuiltLedger } from '../ledger/build.js';
import { readClaudeCodeTranscript } from '../ledger/claude-code.js';
import { readCodexRollout } from '../ledger/codex.js';
import { logLine } from '../receipt/escape.js';
import { LEDGER_DIRECTORIES } from '../snapshot.js';
import { formatCount } from '../text.js';
import { oneOf, parseCommandArgs } from './args.js';
import { CliError, EXIT, println, readAll, type CliIo } from './io.js';

export const LEDGER_HELP = `Usage: proofgate ledger <subcommand> [options]

Session ledgers (${LEDGER_DIRECTORIES['proofgate-session']}/<id>.jsonl) record an agent session's models,
tokens, cost, validations and retries, for the policy's budgets.

  import --from claude-code|codex FILE
                 write a ledger from a Claude Code transcript or a Codex rollout
  import --from claude-code --hook
                 the same, for a Claude Code hook: reads the hook's JSON on stdin
  record step|validation|retry|end --session ID [fields]
                 append one record (creating the ledger with --agent)
  validate FILE...
                 check ledgers; one "file:line: message" per problem
  trailer        print "Assisted-by: AGENT:MODEL" from the newest ledger

Run \`proofgate ledger <subcommand> --help\` for its options.
`;

const IMPORT_HELP = `Usage: proofgate ledger import --from claude-code|codex [--repo DIR] FILE
       proofgate ledger import --from claude-code --hook < HOOK_JSON

Reads an agent's own session log and writes ${LEDGER_DIRECTORIES['proofgate-session']}/<session id>.jsonl
in the repository (replacing an earlier import of the same session). Only
models, token counts, the validations run (test, typecheck, lint and build
commands, without their output) with their exit status, retries and the
paths written are kept: never prompts, replies, file contents or output.

  --from FORMAT   claude-code (~/.claude/projects/*/<session>.jsonl) or codex
                  (~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl)
  --repo DIR      the repository to write into (default: the current directory;
                  with --hook, the hook's cwd)
  --hook          read a Claude Code hook's JSON on stdin ({"transcript_path", "cwd", …})
  -h, --help      show this help

Cost is computed from the tokens at the prices shipped with proofgate
(${describeOrigin(BUILTIN_PRICES)}); a model without a price keeps its tokens and no cost.
`;

const RECORD_HELP = `Usage: proofgate ledger record <kind> --session ID [--dir DIR] [fields]

Appends one record to ${LEDGER_DIRECTORIES['proofgate-session']}/ID.jsonl, for agents without a transcript.

  step        --role ROLE --model MODEL [--input N] [--output N] [--cache-read N]
              [--cache-write N] [--cost USD] [--file PATH]...
  validation  --name NAME --result pass|fail [--command CMD] [--exit-code N]
              [--kind test|typecheck|lint|build|other]
  retry       --reason TEXT [--validation NAME]
  end         [--outcome success|failure|abandoned]

  --session ID    the ledger's id (its file name)
  --agent AGENT   the agent (needed when the ledger does not exist yet)
  --dir DIR       the repository (default: the current directory)
  --at TIME       RFC 3339 time of the record (default: now)
`;

const VALIDATE_HELP = `Usage: proofgate ledger validate FILE...

Checks session ledgers: the header, each record, the end record. Prints one
"file:line: message" per problem. Exit codes: 0 valid (a missing end record is
a warning), 2 a problem was found or a file cannot be read.
`;

const TRAILER_HELP = `Usage: proofgate ledger trailer [--dir DIR]

Prints "Assisted-by: AGENT:MODEL" for the most recently started session ledger
in DIR/${LEDGER_DIRECTORIES['proofgate-session']} (MODEL: the model with the most output tokens).
Prints nothing when there is no ledger. For a prepare-commit-msg hook
(docs/ledger.md).
`;

const SUBCOMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  import: importCommand,
  record: recordCommand,
  validate: validateLedgerCommand,
  trailer: trailerCommand,
};

export async function ledgerCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(LEDGER_HELP);
    return sub === undefined ? EXIT.usage : EXIT.success;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) throw new CliError(`unknown ledger subcommand ${JSON.stringify(sub)}`, `subcommands: ${Object.keys(SUBCOMMANDS).join(', ')}`);
  return run(rest, io);
}

const FORMATS = ['claude-code', 'codex'] as const;

async function readText(io: CliIo, file: string): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
}

async function importCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('ledger import', argv, { from: { type: 'string' }, repo: { type: 'string' }, hook: { type: 'boolean' } }, 1);
  if (values.help) {
    io.stdout.write(IMPORT_HELP);
    return EXIT.success;
  }
  if (values.from === undefined) throw new CliError('ledger import needs --from claude-code or --from codex');
  const format = oneOf('--from', values.from, FORMATS, 'claude-code');
  let file = positionals[0];
  let repo = values.repo;
  if (values.hook) {
    if (file !== undefined) throw new CliError('--hook reads the transcript path from stdin; pass no FILE');
    const hook = await readHookInput(io);
    file = hook.transcriptPath;
    repo ??= hook.cwd ?? undefined;
  }
  if (file === undefined) throw new CliError('ledger import needs a FILE (or --hook)', 'run `proofgate ledger import --help` for usage');

  const content = await readText(io, file);
  const transcript = format === 'claude-code' ? readClaudeCodeTranscript(content) : readCodexRollout(content);
  for (const p of transcript.problems) println(io.stderr, logLine(`${file}:${p.line}: ${p.message}`));
  if (!transcript.sessionId) {
    transcript.sessionId = path.basename(file).replace(/\.jsonl$/, '');
    println(io.stderr, `note: ${file} names no session id; using the file name ${transcript.sessionId}`);
  }
  if (transcript.events.length === 0 && transcript.startedAt === null) {
    throw new CliError(`${file} has no ${format === 'claude-code' ? 'Claude Code transcript' : 'Codex rollout'} records`, `is it a ${format} session file?`);
  }
  const ledger = buildLedger(transcript, format, pricingFrom(undefined));
  const target = path.join(path.resolve(io.cwd, repo ?? '.'), LEDGER_DIRECTORIES['proofgate-session'], `${ledger.header.id}.jsonl`);
  await writeAtomically(target, ledgerText(ledger));
  const rel = path.relative(io.cwd, target) || target;
  println(io.stdout, `wrote ${rel}`);
  println(io.stdout, summaryText(ledger, target));
  return EXIT.success;
}

/** The fields a Claude Code hook passes on stdin that the import needs. */
async function readHookInput(io: CliIo): Promise<{ transcriptPath: string; cwd: string | null }> {
  const raw = await readAll(io.stdin);
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch {
    throw new CliError('--hook expects the hook input JSON on stdin (with "transcript_path")');
  }
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const transcriptPath = record['transcript_path'];
  if (typeof transcriptPath !== 'string' || transcriptPath === '') throw new CliError('the hook input on stdin has no "transcript_path"');
  const cwd = typeof record['cwd'] === 'string' && record['cwd'] !== '' ? record['cwd'] : null;
  return { transcriptPath, cwd };
}

async function writeAtomically(target: string, text: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, target);
}

/** What the ledger says, read back the way `proofgate check` reads it. */
function summaryText(ledger: BuiltLedger, target: string): string {
  const reading = readSessionLedger({ kind: 'proofgate-session', path: target, commitSha: null, content: ledgerText(ledger) });
  const session = reading.sessions[0];
  if (!session) return 'the ledger could not be read back';
  return describeSession(session);
}

export function describeSession(s: SessionSummary): string {
  const models = [...new Set(s.steps.map((step) => step.model ?? '(no model)'))];
  const failed = s.validations.filter((v) => v.result === 'fail').length;
  const n = formatCount;
  // Agent and model names are the ledger's words (a pull request's, when validating one): shown with their controls escaped.
  return [
    `  agent ${s.agent ?? '(none)'}; ${s.steps.length} step${s.steps.length === 1 ? '' : 's'}; models ${models.join(', ') || '(none)'}`,
    `  tokens: ${n(s.tokens.input)} input, ${n(s.tokens.output)} output, ${n(s.tokens.cacheRead)} cache read, ${n(s.tokens.cacheWrite)} cache write`,
    `  cost: $${s.costUsd.toFixed(2)}${costBasis(s)}`,
    `  validations: ${s.validations.length} (${failed} failed); retries: ${s.retries}`,
  ]
    .map(logLine)
    .join('\n');
}

const RECORD_KINDS = ['step', 'validation', 'retry', 'end'] as const;

async function recordCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'ledger record',
    argv,
    {
      session: { type: 'string' },
      agent: { type: 'string' },
      dir: { type: 'string' },
      at: { type: 'string' },
      role: { type: 'string' },
      model: { type: 'string' },
      input: { type: 'string' },
      output: { type: 'string' },
      'cache-read': { type: 'string' },
      'cache-write': { type: 'string' },
      cost: { type: 'string' },
      file: { type: 'string', multiple: true },
      name: { type: 'string' },
      result: { type: 'string' },
      command: { type: 'string' },
      'exit-code': { type: 'string' },
      kind: { type: 'string' },
      reason: { type: 'string' },
      validation: { type: 'string' },
      outcome: { type: 'string' },
    },
    1,
  );
  if (values.help) {
    io.stdout.write(RECORD_HELP);
    return EXIT.success;
  }
  const kind = positionals[0];
  if (kind === undefined) throw new CliError('ledger record needs a kind: step, validation, retry or end', 'run `proofgate ledger record --help`');
  oneOf('the record kind', kind, RECORD_KINDS, 'step');
  if (!values.session) throw new CliError('ledger record needs --session ID');
  const id = values.session;
  if (ledgerId(id) !== id) throw new CliError(`--session ${JSON.stringify(id)} cannot be a file name; use letters, digits, ".", "_" and "-"`);
  const at = values.at ?? new Date().toISOString();
  const num = (flag: string, v: string | undefined, integer: boolean): number | undefined => {
    if (v === undefined) return undefined;
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x)))
      throw new CliError(`${flag} must be ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(v)}`);
    return x;
  };

  let record: Record<string, unknown>;
  switch (kind) {
    case 'step': {
      const input = num('--input', values.input, true);
      const output = num('--output', values.output, true);
      const cacheRead = num('--cache-read', values['cache-read'], true);
      const cacheWrite = num('--cache-write', values['cache-write'], true);
      const anyTokens = [input, output, cacheRead, cacheWrite].some((x) => x !== undefined);
      record = {
        type: 'step',
        role: values.role ?? 'execute',
        model: values.model ?? null,
        ...(anyTokens
          ? {
              tokens: {
                input: input ?? 0,
                output: output ?? 0,
                ...(cacheRead !== undefined ? { cacheRead } : {}),
                ...(cacheWrite !== undefined ? { cacheWrite } : {}),
              },
            }
          : {}),
        ...(values.cost !== undefined ? { costUsd: num('--cost', values.cost, false) } : {}),
        ...(values.file?.length ? { files: values.file } : {}),
        at,
      };
      break;
    }
    case 'validation':
      record = {
        type: 'validation',
        name: values.name,
        result: values.result,
        ...(values.command !== undefined ? { command: values.command } : {}),
        ...(values['exit-code'] !== undefined ? { exitCode: num('--exit-code', values['exit-code'], true) } : {}),
        ...(values.kind !== undefined ? { kind: values.kind } : {}),
        at,
      };
      break;
    case 'retry':
      record = { type: 'retry', reason: values.reason, ...(values.validation !== undefined ? { validation: values.validation } : {}), at };
      break;
    default:
      record = { type: 'end', ...(values.outcome !== undefined ? { outcome: values.outcome } : {}), at };
  }
  const parsed = sessionRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new CliError(`invalid ${kind} record: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, 'run `proofgate ledger record --help`');
  }

  const target = path.join(path.resolve(io.cwd, values.dir ?? '.'), LEDGER_DIRECTORIES['proofgate-session'], `${id}.jsonl`);
  let existing: string | null = null;
  try {
    existing = await readFile(target, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new CliError(`cannot read ${target}: ${(err as Error).message}`);
  }
  const lines: string[] = [];
  if (existing === null || existing.trim() === '') {
    if (!values.agent) throw new CliError(`${path.relative(io.cwd, target)} does not exist yet; pass --agent AGENT to start it`);
    const agent = agentByAlias(values.agent)?.id ?? values.agent;
    const header = sessionHeaderSchema.parse({ proofgate: SESSION_LEDGER_VERSION, id, agent, startedAt: at });
    lines.push(JSON.stringify(header));
    await mkdir(path.dirname(target), { recursive: true });
  } else {
    const reading = readSessionLedger({ kind: 'proofgate-session', path: target, commitSha: null, content: existing });
    if (reading.sessions.length === 0)
      throw new CliError(`${path.relative(io.cwd, target)} is not a readable session ledger: ${reading.problems[0]?.message ?? 'unknown problem'}`);
    if (/"type"\s*:\s*"end"/.test(existing.trim().split('\n').pop() ?? '')) {
      throw new CliError(`${path.relative(io.cwd, target)} already has an end record; start a new session id`);
    }
    if (!existing.endsWith('\n')) lines.push('');
  }
  lines.push(JSON.stringify(parsed.data));
  await appendFile(target, `${lines.join('\n')}\n`);
  println(io.stdout, `${path.relative(io.cwd, target)}: ${kind} recorded`);
  return EXIT.success;
}

async function validateLedgerCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('ledger validate', argv, {}, Number.MAX_SAFE_INTEGER);
  if (values.help) {
    io.stdout.write(VALIDATE_HELP);
    return EXIT.success;
  }
  if (positionals.length === 0) throw new CliError('ledger validate needs a FILE', 'run `proofgate ledger validate --help`');
  let bad = false;
  for (const file of positionals) {
    const content = await readText(io, file);
    const reading = readSessionLedger({ kind: 'proofgate-session', path: file, commitSha: null, content });
    let errors = 0;
    const lastLine = content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
    const byLine = [...reading.problems].sort((a, b) => (a.line ?? lastLine) - (b.line ?? lastLine));
    for (const p of byLine) {
      const warning = p.message.includes('no end record');
      if (!warning) errors += 1;
      println(io.stderr, logLine(`${file}:${p.line ?? lastLine}: ${warning ? 'warning: ' : ''}${p.message}`));
    }
    const session = reading.sessions[0];
    if (errors > 0 || !session) {
      bad = true;
      continue;
    }
    println(io.stdout, `${file}: valid`);
    println(io.stdout, describeSession(session));
  }
  return bad ? EXIT.usage : EXIT.success;
}

async function trailerCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('ledger trailer', argv, { dir: { type: 'string' } }, 0);
  if (values.help) {
    io.stdout.write(TRAILER_HELP);
    return EXIT.success;
  }
  const dir = path.join(path.resolve(io.cwd, values.dir ?? '.'), LEDGER_DIRECTORIES['proofgate-session']);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
  } catch {
    return EXIT.success;
  }
  let newest: { startedAt: number; agent: string; model: string | null } | null = null;
  for (const name of names) {
    const content = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    const reading = readSessionLedger({ kind: 'proofgate-session', path: name, commitSha: null, content });
    const session = reading.sessions[0];
    const header = sessionHeaderSchema.safeParse(safeJson(content.split('\n', 1)[0] ?? ''));
    if (!session || !session.agent || !header.success) continue;
    const startedAt = Date.parse(header.data.startedAt);
    if (newest && !(startedAt > newest.startedAt)) continue;
    newest = { startedAt: Number.isNaN(startedAt) ? -Infinity : startedAt, agent: session.agent, model: mainModel(content) };
  }
  // The names are the ledger's words, and the line goes into a commit message: one line, its controls escaped.
  if (newest) println(io.stdout, logLine(`Assisted-by: ${newest.agent}${newest.model ? `:${newest.model}` : ''}`));
  return EXIT.success;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The model that wrote the most output tokens in a ledger (the first on a tie). */
function mainModel(content: string): string | null {
  const output = new Map<string, number>();
  for (const line of content.split('\n').slice(1)) {
    const parsed = sessionRecordSchema.safeParse(safeJson(line));
    if (!parsed.success || parsed.data.type !== 'step' || !parsed.data.model) continue;
    const model = normaliseModel(parsed.data.model);
    if (!model) continue;
    output.set(model, (output.get(model) ?? 0) + (parsed.data.tokens?.output ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [model, n] of output) if (best === null || n > (output.get(best) ?? 0)) best = model;
  return best;
}
