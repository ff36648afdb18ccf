/** `proofgate report`: who did the merged work, what it cost, what needed rework. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildReport, renderReport, REPORT_FORMATS } from '../report/build.js';
import { oneOf, parseCommandArgs } from './args.js';
import { CliError, EXIT, println, type CliIo } from './io.js';
import { parsePositiveInt, parseSince } from './since.js';

export const REPORT_HELP = `Usage: proofgate report [--repo DIR] [--branch REF] [--since 30d|DATE] [--last N]
                        [--rework-days N] [--format text|markdown|json|html] [--out FILE]

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

  const report = await buildReport({ repoDir, branch: values.branch, since, last, reworkDays });
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

