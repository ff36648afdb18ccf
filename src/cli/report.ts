/** `proofgate report`: who did the merged work, what it cost, what needed rework. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { nativeJson } from '../github/native-json.js';
import { TOOL_VERSION } from '../version.js';
import { gitHubEndpoints } from '../github/client.js';
import { toGitHubError } from '../github/errors.js';
import { gitHubCostNote, readGitHubOutcomes, type GitHubOutcomes } from '../report/github-outcomes.js';
import { buildReport, renderReport, REPORT_FORMATS } from '../report/build.js';
import { oneOf, parseCommandArgs } from './args.js';
import { CliError, EXIT, println, type CliIo } from './io.js';
import { parsePositiveInt, parseSince } from './since.js';

export const REPORT_HELP = `Usage: proofgate report [--repo DIR] [--branch REF] [--since 30d|DATE] [--last N]
                        [--rework-days N] [--format text|markdown|json|html] [--out FILE]
                        [--github OWNER/REPO [--token TOKEN]]

Reads the merged history of the default branch (its first-parent line: merge
commits, squash merges, direct pushes) and reports, per agent, model and tier,
over the period and per week: changes, commits, files and lines, share of the
work, the gate's verdict under the policy at each change's base, violations,
rework, and tokens and cost from session ledgers. docs/report.md defines
every figure.

  --repo DIR          the git repository (default: the current directory)
  --branch REF        the branch to read (default: origin/HEAD, origin/main,
                      origin/master, main or master)
  --since WHEN        only changes merged after WHEN: 30d, 12w or 2026-01-31
  --last N            only the last N changes
  --rework-days N     a revert or fix-up within N days is rework (default: 14)
  --format FORMAT     text (default), markdown, json, or html (one page with charts)
  --out FILE          write the report to FILE instead of standard output
  --github OWNER/REPO also read, from GitHub's GraphQL API, the pull requests
                      merged in the period (100 per query): reviews that
                      requested changes, and proofgate's check runs (its first
                      verdict and its verdict at merge), joined by PR number;
                      prints the API calls and rate-limit points used
  --token TOKEN       the token for --github (default: $GITHUB_TOKEN); it needs
                      pull-requests: read and checks: read
  -h, --help          show this help
`;

export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    'report',
    argv,
    {
      repo: { type: 'string' },
      branch: { type: 'string' },
      since: { type: 'string' },
      last: { type: 'string' },
      'rework-days': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      github: { type: 'string' },
      token: { type: 'string' },
    },
    0,
  );
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.success;
  }
  const format = oneOf('--format', values.format, REPORT_FORMATS, 'text');
  const since = values.since !== undefined ? parseSince(values.since, new Date()) : undefined;
  const last = parsePositiveInt('--last', values.last, undefined);
  const reworkDays = parsePositiveInt('--rework-days', values['rework-days'], 14)!;
  const repoDir = path.resolve(io.cwd, values.repo ?? '.');

  const github = values.github !== undefined ? await readFromGitHub(values.github, values.token ?? io.env.GITHUB_TOKEN, since, io) : undefined;
  const report = await buildReport({ repoDir, branch: values.branch, since, last, reworkDays, ...(github ? { reviews: github.reviews } : {}) });
  if (github) report.notes.push(gitHubCostNote(github));
  const text = renderReport(report, format);
  if (values.out !== undefined) {
    const out = path.resolve(io.cwd, values.out);
    await writeFile(out, text).catch((err: NodeJS.ErrnoException) => {
      throw new CliError(`cannot write ${out}: ${err.code ?? err.message}`, 'check that the directory exists and is writable');
    });
    println(io.stderr, `wrote ${values.out}`);
  } else {
    println(io.stdout, text);
  }
  return EXIT.success;
}

const REPOSITORY = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/;

/** The pull requests merged in the period, from GitHub (GITHUB_API_URL / GITHUB_GRAPHQL_URL select a GitHub Enterprise Server). */
async function readFromGitHub(repository: string, token: string | undefined, since: Date | undefined, io: CliIo): Promise<GitHubOutcomes> {
  const match = REPOSITORY.exec(repository);
  if (!match) throw new CliError(`--github ${repository}: expected OWNER/REPO`, 'for example --github acme/widgets');
  if (!token) throw new CliError('--github needs a token', 'set GITHUB_TOKEN or pass --token; it needs pull-requests: read and checks: read on the repository');
  const { apiUrl, graphqlUrl } = gitHubEndpoints(io.env);
  // Loaded only for --github: the rest of the report reads git alone.
  const { Octokit } = await import('@octokit/core');
  const octokit = new Octokit({
    auth: token,
    baseUrl: apiUrl,
    userAgent: `proofgate-cli/${TOOL_VERSION}`,
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  nativeJson(octokit);
  const client = { request: octokit.request, graphql: octokit.graphql.defaults({ url: graphqlUrl }) };
  try {
    const outcomes = await readGitHubOutcomes(client, match[1]!, match[2]!, since);
    println(io.stderr, `GitHub: ${gitHubCostNote(outcomes)}`);
    return outcomes;
  } catch (error) {
    const failure = toGitHubError(error);
    if (!failure) throw error;
    const hint =
      failure.kind === 'auth'
        ? 'the token is missing, expired or revoked: pass a valid one with --token or GITHUB_TOKEN'
        : failure.kind === 'permission' || failure.kind === 'not-found'
          ? `the token needs read access to ${repository}: pull-requests: read and checks: read (a fine-grained token: "Pull requests" and "Checks" read-only; a classic token: repo scope for a private repository)`
          : 'retry later';
    throw new CliError(failure.message, hint);
  }
}
