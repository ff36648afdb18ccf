/** `proofgate backtest`: what a proposed policy would have done to the merged history. */
import path from 'node:path';
import type { CommitInput } from '../attribution/attribute.js';
import { loadHistory } from '../history/load.js';
import { oneOf, parseCommandArgs } from './args.js';
import { CliError, EXIT, println, type CliIo } from './io.js';
import { parsePositiveInt, parseSince } from './since.js';

export const BACKTEST_HELP = `Usage: proofgate backtest --policy FILE [--repo DIR] [--branch REF]
                          [--last N | --since 30d|DATE] [--format text|markdown|json]

Replays every merged change in the range under the proposed policy and under
the policy at the change's base, and reports the changes that would be newly
blocked or newly allowed, by rule. Check runs and reviews are not in git
history: proofs that need them are listed as "needs CI/review evidence".

  --policy FILE     the proposed policy (required)
  --repo DIR        the git repository (default: the current directory)
  --branch REF      the branch to read (default: the default branch)
  --last N          the last N merged changes (default: 200 unless --since is given)
  --since WHEN      changes merged after WHEN: 30d, 12w or 2026-01-31
  --format FORMAT   text (default), markdown or json
  -h, --help        show this help
`;

const FORMATS = ['text', 'markdown', 'json'] as const;
const noop = () => undefined;

export async function backtestCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    'backtest',
    argv,
    {
      policy: { type: 'string' },
      repo: { type: 'string' },
      branch: { type: 'string' },
      last: { type: 'string' },
      since: { type: 'string' },
      format: { type: 'string' },
    },
    0,
  );
  if (values.help) {
    io.stdout.write(BACKTEST_HELP);
    return EXIT.success;
  }
  if (values.policy === undefined) throw new CliError('--policy FILE is required', 'the proposed policy to replay the history under');
  const format = oneOf('--format', values.format, FORMATS, 'text');
  const since = values.since !== undefined ? parseSince(values.since, new Date()) : undefined;
  const last = parsePositiveInt('--last', values.last, since ? undefined : 200);

  // git walks the whole range before it prints a commit: it starts first, and
  // the modules and the proposed policy load meanwhile. Commits are attributed
  // as git prints them, once the attribution module is in (until then, later).
  const stop = new AbortController();
  let attributeAhead: ((commit: CommitInput & { sha: string }) => void) | null = null;
  let reading!: () => void;
  const started = new Promise<void>((resolve) => (reading = resolve));
  const repoDir = path.resolve(io.cwd, values.repo ?? '.');
  // Line counts: the engine never reads them, so git is not asked to count.
  const loading = loadHistory({
    repoDir,
    branch: values.branch,
    since,
    last,
    lineCounts: false,
    onCommit: (commit) => attributeAhead?.(commit),
    onReading: reading,
    signal: stop.signal,
  });
  // A git error is reported after the policy's, as it was before git started first.
  await Promise.race([started, loading.then(noop, noop)]);

  try {
    const [{ attributionAhead }, { readPolicyFile }, { loadPolicy }, { formatPolicyError }] = await Promise.all([
      import('../attribution/attribute.js'),
      import('./validate.js'),
      import('../policy/load.js'),
      import('../policy/types.js'),
    ]);
    attributeAhead = attributionAhead();
    const text = await readPolicyFile(io.cwd, values.policy);
    const loaded = loadPolicy(text, { path: values.policy, origin: 'file', ref: null });
    if (!loaded.ok) {
      for (const error of loaded.errors) println(io.stderr, formatPolicyError(error));
      throw new CliError(
        `the proposed policy ${values.policy} has ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}`,
        `run \`proofgate validate ${values.policy}\``,
      );
    }
    const [{ backtest }, render, { repositoryName }] = await Promise.all([
      import('../backtest/backtest.js'),
      import('../backtest/render.js'),
      import('../report/build.js'),
    ]);

    const history = await loading;
    // git looks up the repository's name while the replay runs.
    const repository = repositoryName(history.top);
    repository.catch(noop); // awaited below; handled now in case the replay throws first
    const result = backtest(history.changes, loaded.policy);
    const heading = { repository: await repository, branch: history.branch, proposedPath: values.policy };
    if (format === 'json') println(io.stdout, render.renderBacktestJson(result, heading));
    else if (format === 'markdown') println(io.stdout, render.renderBacktestMarkdown(result, heading));
    else println(io.stdout, render.renderBacktestText(result, heading));
  } finally {
    // On an error before the history is read (a bad policy), git stops rather than read on for nothing.
    stop.abort();
    await loading.catch(noop);
  }
  return EXIT.success;
}
