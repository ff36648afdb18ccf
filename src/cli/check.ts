/** `proofgate check`: evaluate a local git range against the routing policy. */
import { evaluate, POLICY_CHANGE_PROOF } from '../engine/evaluate.js';
import type { Conclusion } from '../engine/verdict.js';
import { loadLocalRange } from '../local/git.js';
import { defaultPolicy, DEFAULT_POLICY_PATH } from '../policy/default.js';
import { loadPolicy } from '../policy/load.js';
import { formatPolicyError, type Policy } from '../policy/types.js';
import { buildReceipt } from '../receipt/json.js';
import { renderMarkdown } from '../receipt/markdown.js';
import { renderText } from '../receipt/text.js';
import { oneOf, parseCommandArgs } from './args.js';
import { CliError, EXIT, println, type CliIo } from './io.js';
import { pullRequestHelp, PULL_REQUEST_OPTIONS, readPullRequestClaim } from './pull-request-flags.js';
import { readPolicyFile } from './validate.js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Snapshot } from '../snapshot.js';

export const CHECK_HELP = `Usage: proofgate check [--repo DIR] [--base REF] [--head REF] [--policy FILE]
                       [--proof NAME=pass|fail]... [--format text|json|markdown]
                       [--pr-body FILE|-] [--pr-author LOGIN] [--save-snapshot FILE]

Evaluates the commits of a local git range as if they were a pull request:
which agents and models touched which paths, and whether the proof each path
requires exists.

  --repo DIR              the git repository (default: the current directory)
  --base REF              the base revision (default: the merge base of HEAD with
                          origin/HEAD, origin/main, origin/master, main or master)
  --head REF              the head revision (default: HEAD)
  --policy FILE           a policy file on disk (default: ${DEFAULT_POLICY_PATH} at the
                          base revision, else the built-in default policy)
  --proof NAME=pass|fail  assert a proof's outcome (repeatable); proofs that cannot
                          be known locally (checks, reviews) are pending otherwise
  --format FORMAT         text (default), json (the receipt) or markdown
  --save-snapshot FILE    also write the snapshot the receipt was computed from
                          (its digest is the receipt's snapshotDigest), for
                          \`proofgate verify-receipt RECEIPT --snapshot FILE\`
${pullRequestHelp(26, true)}  -h, --help              show this help

Exit codes: 0 success or nothing to gate, 1 failure, 3 pending, 2 usage or policy error.
`;

const FORMATS = ['text', 'json', 'markdown'] as const;
const EXIT_FOR: Record<Conclusion, number> = {
  success: EXIT.success,
  neutral: EXIT.success,
  failure: EXIT.failure,
  pending: EXIT.pending,
};

export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    'check',
    argv,
    {
      repo: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      policy: { type: 'string' },
      proof: { type: 'string', multiple: true },
      format: { type: 'string' },
      'save-snapshot': { type: 'string' },
      ...PULL_REQUEST_OPTIONS,
    },
    0,
  );
  if (values.help) {
    io.stdout.write(CHECK_HELP);
    return EXIT.success;
  }
  const format = oneOf('--format', values.format, FORMATS, 'text');
  const assertions = parseAssertions(values.proof ?? []);
  const pr = await readPullRequestClaim(values, io, { stdinTaken: null });

  const repoDir = path.resolve(io.cwd, values.repo ?? '.');
  const range = await loadLocalRange({ repoDir, base: values.base, head: values.head });
  const { snapshot } = range;
  if (range.emptyReason) println(io.stderr, `note: ${range.emptyReason}`);

  const policy = await choosePolicy(values.policy, io, range);
  checkAssertedNames(assertions, policy);
  snapshot.asserted = Object.fromEntries(assertions);
  // A local range has no pull request; number 0 marks the description and author as given on the command line.
  if (pr) snapshot.pullRequest = { number: 0, title: '', author: pr.author, body: pr.body ?? null, labels: [], draft: false, url: null };

  const verdict = evaluate(policy, snapshot, { now: new Date() });
  const receipt = buildReceipt(verdict, snapshot);
  if (values['save-snapshot'] !== undefined) await saveSnapshot(io, values['save-snapshot'], snapshot);
  if (format === 'json') println(io.stdout, JSON.stringify(receipt, null, 2));
  else if (format === 'markdown') println(io.stdout, renderMarkdown(receipt));
  else println(io.stdout, renderText(receipt));
  return EXIT_FOR[receipt.conclusion] ?? EXIT.failure;
}

/** The snapshot as JSON; any formatting hashes the same (the digest is over its canonical JSON). */
async function saveSnapshot(io: CliIo, file: string, snapshot: Snapshot): Promise<void> {
  try {
    await writeFile(path.resolve(io.cwd, file), `${JSON.stringify(snapshot, null, 2)}\n`);
  } catch (err) {
    throw new CliError(`cannot write the snapshot to ${file}: ${(err as Error).message}`);
  }
}

/** `--policy FILE`, else the policy at the base revision, else the built-in default. */
async function choosePolicy(
  file: string | undefined,
  io: CliIo,
  range: { baseSha: string; topLevel: string; readFileAtBase(p: string): Promise<string | null> },
): Promise<Policy> {
  let text: string | null;
  let source: Parameters<typeof loadPolicy>[1];
  if (file !== undefined) {
    text = await readPolicyFile(io.cwd, file);
    source = { path: file, origin: 'file', ref: null };
  } else {
    text = await range.readFileAtBase(DEFAULT_POLICY_PATH);
    source = { path: DEFAULT_POLICY_PATH, origin: 'base-branch', ref: range.baseSha };
  }
  if (text === null) {
    println(io.stderr, `note: no ${DEFAULT_POLICY_PATH} at the base revision ${range.baseSha.slice(0, 12)}; using the built-in default policy`);
    return defaultPolicy();
  }
  const result = loadPolicy(text, source);
  if (!result.ok) {
    for (const error of result.errors) println(io.stderr, formatPolicyError(error));
    const n = result.errors.length;
    // The file in the repository's work tree, named so the command works from here.
    const target = file ?? (path.relative(io.cwd, path.join(range.topLevel, DEFAULT_POLICY_PATH)) || DEFAULT_POLICY_PATH);
    throw new CliError(
      `the policy ${source.path}${file === undefined ? ` at the base revision ${range.baseSha.slice(0, 12)}` : ''} has ${n} error${n === 1 ? '' : 's'}`,
      `fix it, then run \`proofgate validate ${shellWord(target)}\``,
    );
  }
  return result.policy;
}

/** A path as one shell word: quoted when it holds anything but plain path characters. */
function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function parseAssertions(values: string[]): Array<[string, 'pass' | 'fail']> {
  return values.map((value) => {
    const match = /^([^=]+)=(pass|fail)$/.exec(value);
    if (!match || !match[1]) {
      throw new CliError(`--proof must look like NAME=pass or NAME=fail, got ${JSON.stringify(value)}`);
    }
    return [match[1], match[2] as 'pass' | 'fail'];
  });
}

function checkAssertedNames(assertions: Array<[string, 'pass' | 'fail']>, policy: Policy): void {
  const known = [...Object.keys(policy.doc.proofs), POLICY_CHANGE_PROOF];
  for (const [name] of assertions) {
    if (!known.includes(name)) {
      throw new CliError(`unknown proof ${JSON.stringify(name)} in --proof; the policy defines: ${known.join(', ')}`);
    }
  }
}
