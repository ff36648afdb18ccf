/**
 * Realistic inputs for the engine benchmarks: commit messages of real length,
 * policies whose routes use `**` globs (which a literal-prefix index cannot
 * narrow), more than 30 distinct models, and PRs from GitHub's largest
 * (3,000 files, 250 commits) to a local range ten times that.
 */
import { DEFAULT_POLICY_YAML } from '../src/policy/default.js';
import { emptySnapshot, type CommitSnapshot, type Snapshot } from '../src/snapshot.js';

/** Body paragraphs in the length and shape of real agent commits (real messages average ~700 characters). */
const BODIES = [
  'Refactor the session refresh path so an expired token is renewed before the request is retried.\n\n' +
    '- Move the refresh logic out of the HTTP client into its own module\n- Add a jittered backoff so concurrent refreshes do not stampede\n' +
    '- Keep the public API unchanged; callers still get a Session\n\nThe old code refreshed after the first 401, which doubled latency for every request ' +
    'that crossed the expiry boundary and occasionally raced with a parallel refresh.',
  'Fix flaky snapshot test in the dashboard widgets.\n\nThe test depended on the locale of the machine running it: dates were rendered with ' +
    'toLocaleDateString(). Pin the locale in the test setup and render dates through the shared formatter, which already takes a locale argument.\n\n' +
    'Also drop two snapshots that no test referenced any more.',
  'Add pagination to the audit log endpoint\n\nThe endpoint returned every event for the organisation in one response, which timed out for ' +
    'large customers. It now takes `cursor` and `limit` (default 100, max 500), returns `next_cursor`, and the UI loads pages on scroll.\n\n' +
    'Migration: none. The old unpaginated response is still served when no cursor is given, for one release, with a deprecation header.',
  'Update dependencies and fix the type errors they surface\n\n* typescript 5.9: stricter inference on generic defaults in the store\n' +
    '* eslint plugin: two new rules, fixed the four findings\n* vitest 4: the `--threads` flag is gone, use the pool option\n\n' +
    'No behaviour change intended; the full suite passes locally and in CI.',
];

/** Agent signatures as real commits carry them, each naming a model; `{model}` is filled in. */
const SIGNATURES = [
  '🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nAssisted-by: Claude:{model}',
  'Co-authored-by: aider ({model}) <aider@aider.chat>',
  'Assisted-by: Codex:{model}\nSigned-off-by: Dev Eloper <dev@example.com>',
  'Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\nAssisted-by: Copilot:{model}',
  'Signed-off-by: Dev Eloper <dev@example.com>',
];

/** 40 distinct model ids: more than the 30 at which a bitset of models would overflow a 32-bit mask. */
export const MODELS: readonly string[] = [
  'claude-opus-4-6',
  'claude-sonnet-4-6',
  'claude-haiku-4-5',
  'gpt-5',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-5.1',
  'gpt-5.1-codex',
  'gpt-5.1-codex-max',
  'gpt-5-pro',
  'o3',
  'o3-pro',
  'o4-mini',
  'gemini-2.5-pro',
  'gemini-2.5-flash',
  'gemini-3-pro-preview',
  'gemini-2.5-flash-lite',
  'deepseek-v3',
  'deepseek-r1',
  'qwen3-coder',
  'kimi-k2',
  'glm-4.6',
  'grok-4',
  'grok-code-fast-1',
  'mistral-large',
  'codestral',
  'devstral-small',
  'llama-4-maverick',
  'claude-opus-4-1',
  'claude-sonnet-4-5',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4o',
  'gpt-4o-mini',
  'mai-code-1-flash',
  'minimax-m2',
  'openrouter/anthropic/claude-sonnet-4',
  'openrouter/openai/gpt-5-mini',
  'gemini-2.0-flash',
  'claude-3-7-sonnet',
];

function message(i: number): string {
  const body = BODIES[i % BODIES.length]!;
  const signature = SIGNATURES[i % SIGNATURES.length]!.replace('{model}', MODELS[i % MODELS.length]!);
  return `Change ${i}: ${body.split('\n')[0]!.slice(0, 50)}\n\n${body}\n\n${signature}\n`;
}

/** Where changed files live: top-level areas, some under the default policy's sensitive globs. */
function filePath(i: number, areas: number): string {
  const area = i % areas;
  const nested = ['src', 'lib', 'packages/core/src', 'apps/web/app'][i % 4]!;
  const sensitive = i % 97 === 0 ? 'auth/' : i % 89 === 0 ? 'migrations/' : '';
  return `${nested}/area-${area}/${sensitive}module-${i}.ts`;
}

export interface PrSize {
  files: number;
  commits: number;
}

export function syntheticPr(size: PrSize, areas = 50): Snapshot {
  const snapshot = emptySnapshot('b'.repeat(40), 'f'.repeat(40));
  const paths = Array.from({ length: size.files }, (_, i) => filePath(i, areas));
  const commits: CommitSnapshot[] = Array.from({ length: size.commits }, (_, i) => ({
    sha: i.toString(16).padStart(40, '0'),
    message: message(i),
    author: { name: 'Dev Eloper', email: 'dev@example.com', login: 'dev', isBot: false },
    committer: { name: 'Dev Eloper', email: 'dev@example.com', login: 'dev', isBot: false },
    parents: [],
    authoredAt: '2026-11-20T10:00:00Z',
    // Every tenth commit has no file list (GitHub's PR listing gives none): it counts as touching every file.
    files: i % 10 === 0 ? null : paths.filter((_, j) => j % size.commits === i),
    signature: null,
  }));
  return {
    ...snapshot,
    repository: { owner: 'acme', name: 'widgets' },
    pullRequest: { number: 1, title: 'Big agent PR', author: { login: 'dev', isBot: false }, labels: [], draft: false, url: null },
    files: paths.map((path) => ({ path, status: 'modified', previousPath: null, additions: 3, deletions: 1 })),
    commits,
    checkRuns: [{ name: 'tests', status: 'completed', conclusion: 'success', app: { slug: 'github-actions', id: 15368 }, url: null, completedAt: null }],
    reviews: [
      {
        id: 'r1',
        author: { login: 'erin', isBot: false },
        state: 'APPROVED',
        commitSha: 'f'.repeat(40),
        submittedAt: '2026-11-20T11:00:00Z',
        authorCanPush: true,
      },
    ],
    teams: { 'acme/core': ['erin'] },
  };
}

/** A policy of `routes` routes whose paths all start with `**` (no literal prefix to index on). */
export function globPolicyYaml(routes: number): string {
  const lines = [
    'version: 1',
    'tiers:',
    '  fast: ["**/*-mini", "**/*-flash*", "**/claude-haiku-*", "**/*-nano"]',
    '  strong: ["**/claude-opus-*", "**/claude-sonnet-*", "**/gpt-5", "**/gpt-5.?", "**/gemini-*-pro*"]',
    'proofs:',
    '  tests: { kind: check, name: "test*", app: github-actions }',
    '  review: { kind: review, teams: [acme/core] }',
    'routes:',
  ];
  for (let i = 0; i < routes; i++) {
    lines.push(
      `  - name: area-${i}`,
      `    paths: ["**/area-${i}/**", "!**/area-${i}/**/*.snap"]`,
      `    tiers: [${i % 5 === 0 ? 'strong' : 'fast, strong'}]`,
      `    require: [${i % 5 === 0 ? 'tests, review' : 'tests'}]`,
    );
  }
  lines.push('default:', '  require: [review]', '');
  return lines.join('\n');
}

export const POLICIES: ReadonlyArray<{ name: string; yaml: string }> = [
  { name: 'built-in default', yaml: DEFAULT_POLICY_YAML },
  { name: '50 routes, ** globs', yaml: globPolicyYaml(50) },
  { name: '1,000 routes, ** globs', yaml: globPolicyYaml(1000) },
];

export const SIZES: ReadonlyArray<PrSize & { label: string }> = [
  { label: '100 files × 100 commits', files: 100, commits: 100 },
  { label: '3,000 files × 250 commits', files: 3000, commits: 250 },
  { label: '30,000 files × 1,000 commits', files: 30000, commits: 1000 },
];
