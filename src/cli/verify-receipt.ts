/**
 * `proofgate verify-receipt FILE [--snapshot FILE [--policy FILE]] [--repo DIR]`:
 * recompute a receipt's digest; replay it from the snapshot and policy it names;
 * compare it with what local git shows.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLocalRange } from '../local/git.js';
import { GitError } from '../local/run-git.js';
import { defaultPolicy, DEFAULT_POLICY_PATH, DEFAULT_POLICY_YAML } from '../policy/default.js';
import { loadPolicy, policyDigest } from '../policy/load.js';
import type { PolicyLoadResult, PolicySource } from '../policy/types.js';
import { readsSessions } from '../proofs/registry.js';
import { canonicalJson } from '../receipt/canonical.js';
import { logLine } from '../receipt/escape.js';
import { verifyReceipt, type Receipt } from '../receipt/json.js';
import { ReceiptBytesError, receiptTextOf, requireUniqueMembers } from '../receipt/strict-json.js';
import { differingFields, replay, snapshotDigest } from '../receipt/replay.js';
import type { Snapshot } from '../snapshot.js';
import { TOOL_VERSION } from '../version.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT, println, type CliIo } from './io.js';

export const VERIFY_RECEIPT_HELP = `Usage: proofgate verify-receipt RECEIPT [--snapshot FILE [--policy FILE]] [--repo DIR]

Recomputes the sha256 digest of a receipt (written by \`proofgate check
--format json\`, the App or the Action) and compares it with the one it states.
The digest shows the receipt is intact, not who wrote it: compare it with the
\`external_id\` of the proofgate check run on the head commit to know that
proofgate produced it. With --snapshot or --repo it also checks what the
receipt says against its inputs, so a receipt edited and re-digested fails.

  RECEIPT          the receipt JSON
  --snapshot FILE  the snapshot it was computed from (\`proofgate check
                   --save-snapshot\`, the Action's snapshot-file): its digest must
                   be the receipt's snapshotDigest, and evaluating it again at the
                   receipt's evaluatedAt must give the same verdict and digest
  --policy FILE    the policy it names (its sha256 must be the receipt's
                   policy.digest); needed unless the receipt used the built-in
                   default, or --repo can read it at the base commit
  --repo DIR       a clone holding the receipt's commits: head and base (by
                   their full shas), the commits between them, the policy at
                   base (${DEFAULT_POLICY_PATH}; a receipt that names another
                   file needs --policy) and the ledgers at head must be what
                   the receipt says,
                   and evaluating them with the receipt's own check and review
                   outcomes (ledger proofs are read from the ledgers) must give
                   its conclusion
  -h, --help       show this help

Exit codes: 0 everything matches, 1 something differs (the receipt was edited or
does not belong to these inputs), 2 an input is unreadable or missing.
`;

async function readBytes(io: CliIo, file: string): Promise<Buffer> {
  try {
    return await readFile(path.resolve(io.cwd, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
}

async function readText(io: CliIo, file: string): Promise<string> {
  return (await readBytes(io, file)).toString('utf8');
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not JSON: ${(err as Error).message}`);
  }
}

async function readJson(io: CliIo, file: string): Promise<unknown> {
  return parseJson(await readText(io, file), file);
}

/** A receipt file, read so that every JSON reader sees what is verified (src/receipt/strict-json.ts): exit 1 otherwise. */
export function parseReceiptBytes(bytes: Uint8Array, file: string): unknown {
  try {
    const text = receiptTextOf(bytes, file);
    const parsed = parseJson(text, file);
    requireUniqueMembers(text, file);
    return parsed;
  } catch (err) {
    if (err instanceof ReceiptBytesError) throw new CliError(err.message, null, EXIT.failure);
    throw err;
  }
}

export async function verifyReceiptCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'verify-receipt',
    argv,
    { snapshot: { type: 'string' }, policy: { type: 'string' }, repo: { type: 'string' } },
    1,
  );
  if (values.help) {
    io.stdout.write(VERIFY_RECEIPT_HELP);
    return EXIT.success;
  }
  const file = positionals[0];
  if (!file) throw new CliError('verify-receipt needs a FILE', 'run `proofgate verify-receipt --help` for usage');

  const parsed = parseReceiptBytes(await readBytes(io, file), file);
  const result = verifyReceipt(parsed);
  if (!result.ok) {
    if (result.reason?.startsWith('digest mismatch')) {
      // The stated digest is the receipt's own text: escaped, so it cannot rewrite the line on a terminal.
      println(io.stderr, logLine(`digest mismatch: expected ${result.expected} got ${result.actual} (${file} was changed after it was written)`));
      return EXIT.failure;
    }
    throw new CliError(`${file}: ${result.reason ?? 'not a valid receipt'}`);
  }
  const receipt = parsed as Receipt;
  if (values.snapshot === undefined && values.repo === undefined) {
    if (values.policy !== undefined) throw new CliError('--policy goes with --snapshot or --repo');
    println(io.stdout, `ok ${result.expected}`);
    return EXIT.success;
  }

  const problems: string[] = [];
  const checked: string[] = [`digest ${result.expected}`];
  const policyText = values.policy === undefined ? null : await readText(io, values.policy);
  if (values.snapshot !== undefined) {
    problems.push(...(await replayFromSnapshot(io, receipt, values.snapshot, policyText, values.policy)));
    checked.push('snapshot replay');
  }
  if (values.repo !== undefined) {
    problems.push(...(await compareWithRepo(io, receipt, path.resolve(io.cwd, values.repo), policyText, values.policy)));
    checked.push('local git');
  }
  if (problems.length > 0) {
    // Problems quote the receipt (agents, models, paths, shas): escaped like the digest above.
    for (const problem of problems) println(io.stderr, logLine(`${file}: ${problem}`));
    if (receipt.tool.version !== TOOL_VERSION) {
      println(io.stderr, logLine(`note: ${file} was written by proofgate ${receipt.tool.version}; this is ${TOOL_VERSION}, which may evaluate differently`));
    }
    return EXIT.failure;
  }
  println(io.stdout, `ok ${result.expected} (${checked.join(', ')})`);
  return EXIT.success;
}

/**
 * The policy the receipt names: the file given (its digest must match), else the
 * built-in default when the receipt used it, else the text found at base.
 */
function namedPolicy(receipt: Receipt, text: string | null, flag: string | undefined, problems: string[]): PolicyLoadResult | null {
  const source = receipt.policy;
  const location: Omit<PolicySource, 'digest'> = { path: source.path, origin: source.origin, ref: source.ref };
  if (text === null) {
    if (source.origin !== 'default') return null;
    text = DEFAULT_POLICY_YAML;
  }
  const digest = policyDigest(text);
  if (digest !== source.digest) {
    problems.push(`the policy ${flag ?? source.path} (sha256 ${digest}) is not the one the receipt names (${source.path}, sha256 ${source.digest})`);
    return null;
  }
  if (source.origin === 'default' && flag === undefined) return { ok: true, policy: defaultPolicy() };
  return loadPolicy(text, location);
}

function policyNeeded(receipt: Receipt): CliError {
  const { path: p, ref, origin } = receipt.policy;
  const show = ref ? `git show ${ref}:${p} > policy.yml` : null;
  return new CliError(
    `the receipt was computed with the policy ${p} (${origin}${ref ? ` at ${ref.slice(0, 12)}` : ''}); pass it with --policy FILE`,
    show ? `e.g. ${show}` : null,
  );
}

/** A receipt that names a policy file at base other than the one proofgate reads unless told otherwise. */
function otherPolicyPath(receipt: Receipt): CliError {
  const { path: p, ref } = receipt.policy;
  return new CliError(
    `the receipt names ${p} as its policy, not ${DEFAULT_POLICY_PATH}, which proofgate reads at base unless the App or the Action is set to read another file; a forged receipt can name any file at base`,
    `if this repository's proofgate reads ${p}, pass it with --policy FILE${ref ? `, e.g. git show ${ref}:${p} > policy.yml` : ''}`,
  );
}

async function replayFromSnapshot(
  io: CliIo,
  receipt: Receipt,
  snapshotFile: string,
  policyText: string | null,
  policyFlag: string | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  const snapshot = (await readJson(io, snapshotFile)) as Snapshot;
  const digest = snapshotDigest(snapshot);
  if (digest !== receipt.snapshotDigest) {
    return [`the snapshot ${snapshotFile} (${digest}) is not the one the receipt was computed from (${receipt.snapshotDigest})`];
  }
  if (policyText === null && receipt.policy.origin !== 'default') throw policyNeeded(receipt);
  const policy = namedPolicy(receipt, policyText, policyFlag, problems);
  if (!policy) return problems;

  let again: Receipt;
  try {
    again = replay(receipt, snapshot, policy);
  } catch (err) {
    return [`the snapshot could not be evaluated again: ${(err as Error).message.split('\n')[0]}`];
  }
  if (again.conclusion !== receipt.conclusion) {
    problems.push(`replayed from the snapshot, the conclusion is ${again.conclusion}, not ${receipt.conclusion} as the receipt says (${again.title})`);
  }
  if (again.digest !== receipt.digest) {
    const fields = differingFields(receipt as unknown as Record<string, unknown>, again as unknown as Record<string, unknown>);
    problems.push(
      `replayed from the snapshot, the receipt's digest is ${again.digest}, not ${receipt.digest}; fields that differ: ${fields.join(', ') || '(none at the top level)'}`,
    );
  }
  return problems;
}

async function compareWithRepo(io: CliIo, receipt: Receipt, repoDir: string, policyText: string | null, policyFlag: string | undefined): Promise<string[]> {
  const problems: string[] = [];
  let range: Awaited<ReturnType<typeof loadLocalRange>>;
  try {
    range = await loadLocalRange({ repoDir, base: receipt.base.sha, head: receipt.head.sha });
  } catch (err) {
    if (err instanceof GitError) {
      throw new CliError(
        `${path.relative(io.cwd, repoDir) || '.'} cannot show the receipt's commits: ${err.message}`,
        'fetch the pull request head and base into the clone, then run again',
      );
    }
    throw err;
  }
  const local = range.snapshot;

  // The receipt's own shas: a ref in their place would verify against whatever it points to now.
  for (const [which, stated, resolved] of [
    ['head', receipt.head.sha, range.headSha],
    ['base', receipt.base.sha, range.baseSha],
  ] as const) {
    if (stated !== resolved) problems.push(`the receipt's ${which} ${JSON.stringify(stated)} is not a commit sha (local git resolves it to ${resolved})`);
  }

  // The commits between base and head, and what each says about its agent and model.
  const stated = new Map(receipt.attribution.commits.map((c) => [c.sha, c]));
  const shown = new Map(local.commits.map((c) => [c.sha, c]));
  if (!receipt.changes.truncated.commits) {
    if (local.commits.length !== receipt.changes.commits) {
      problems.push(`local git shows ${local.commits.length} commits between base and head; the receipt says ${receipt.changes.commits}`);
    }
    for (const sha of shown.keys()) if (!stated.has(sha)) problems.push(`commit ${sha.slice(0, 12)} is between base and head but not in the receipt`);
  }
  for (const sha of stated.keys()) if (!shown.has(sha)) problems.push(`the receipt names commit ${sha.slice(0, 12)}, which is not between base and head`);
  if (!receipt.changes.truncated.files && local.files.length !== receipt.changes.files) {
    problems.push(`local git shows ${local.files.length} changed files; the receipt says ${receipt.changes.files}`);
  }

  // The policy at base (or given), by digest.
  let policyResult: PolicyLoadResult | null;
  if (policyText === null && receipt.policy.origin === 'base-branch') {
    // Any file at base could be named here (an example policy, an old copy): only the path proofgate reads is taken unasked.
    if (receipt.policy.path !== DEFAULT_POLICY_PATH) throw otherPolicyPath(receipt);
    const atBase = await range.readFileAtBase(receipt.policy.path);
    if (atBase === null) problems.push(`the base commit has no ${receipt.policy.path}, which the receipt names as its policy`);
    policyResult = atBase === null ? null : namedPolicy(receipt, atBase, `${receipt.policy.path} at base`, problems);
  } else if (policyText === null && receipt.policy.origin === 'default') {
    if ((await range.readFileAtBase(DEFAULT_POLICY_PATH)) !== null) {
      problems.push(`the base commit has ${DEFAULT_POLICY_PATH}, but the receipt used the built-in default policy`);
    }
    policyResult = namedPolicy(receipt, null, undefined, problems);
  } else if (policyText === null) {
    throw policyNeeded(receipt);
  } else {
    policyResult = namedPolicy(receipt, policyText, policyFlag, problems);
  }
  if (problems.length > 0 || !policyResult) return problems;

  // A listing GitHub truncated is evaluated as truncated (proofgate fails closed on it), as it was for the receipt.
  local.truncated = { files: receipt.changes.truncated.files === true, commits: receipt.changes.truncated.commits === true };
  // Evaluate what git shows. Check runs and reviews are not in git: the receipt's own outcomes stand in for them.
  // A proof the policy reads from session ledgers is in git, so it is evaluated, whatever kind the receipt says it is.
  const defined = policyResult.ok ? policyResult.policy.doc.proofs : {};
  const readFromGit = (name: string) => Object.hasOwn(defined, name) && readsSessions(defined[name]!);
  local.asserted = Object.fromEntries(
    receipt.proofs.filter((p) => (p.status === 'pass' || p.status === 'fail') && !readFromGit(p.name)).map((p) => [p.name, p.status as 'pass' | 'fail']),
  );
  const again = replay(receipt, local, policyResult);
  for (const commit of again.attribution.commits) {
    const claim = stated.get(commit.sha);
    if (claim && (claim.agent !== commit.agent || claim.model !== commit.model)) {
      problems.push(
        `commit ${commit.sha.slice(0, 12)} is ${commit.agent ?? 'human'}${commit.model ? ` with ${commit.model}` : ''} by its message and ledgers; the receipt says ${claim.agent ?? 'human'}${claim.model ? ` with ${claim.model}` : ''}`,
      );
    }
  }
  if (canonicalJson(again.attribution.sessions) !== canonicalJson(receipt.attribution.sessions)) {
    problems.push("the session ledgers at head do not summarise to the receipt's sessions");
  }
  if (again.conclusion !== receipt.conclusion) {
    const why = again.violations
      .slice(0, 3)
      .map((v) => v.message)
      .join('; ');
    problems.push(
      `evaluated from local git with the receipt's own check and review outcomes, the conclusion is ${again.conclusion}, not ${receipt.conclusion}${why ? ` (${why})` : ''}`,
    );
  }
  return problems;
}
