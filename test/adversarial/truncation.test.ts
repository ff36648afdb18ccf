/**
 * Attack class: truncation (README, docs: GitHub lists at most 3,000 files and
 * 250 commits; proofgate cannot see the rest and does not pass it). A PR padded
 * past the limits, or a receipt too large for a check run, is never green by
 * what was left out.
 */
import { expect } from 'vitest';
import { buildReceipt } from '../../src/receipt/json.js';
import { renderCheckRunOutput } from '../../src/receipt/markdown.js';
import { agentCommit, claude, commit, human, policy, pr, run } from '../support/snapshots.js';
import { attackTable } from './scenarios.js';

const matrix = policy({
  version: 1,
  tiers: { strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests' } },
  routes: [{ name: 'src', paths: ['src/**'], tiers: ['strong'], require: ['tests'] }],
});
const green = [run('tests', 'success')];
const padding = Array.from({ length: 3000 }, (_, i) => `docs/pad-${i}.md`);

attackTable('truncation', [
  {
    name: 'more files than GitHub lists: the unseen rest is not passed',
    policy: matrix,
    snapshot: pr([agentCommit(padding, claude())], { checkRuns: green, truncated: { files: true, commits: false } }),
    expected: 'failure',
    also: (v) => expect(v.violations.map((x) => x.kind)).toEqual(['limit']),
  },
  {
    name: 'more commits than GitHub lists: an unseen commit could be a fast model',
    policy: matrix,
    snapshot: pr(
      Array.from({ length: 250 }, () => agentCommit(['src/a.ts'], claude())),
      { checkRuns: green, truncated: { files: false, commits: true } },
    ),
    expected: 'failure',
  },
  {
    name: 'human padding commits do not hide an agent commit among them',
    policy: matrix,
    snapshot: pr(
      [
        ...Array.from({ length: 200 }, (_, i) => commit(`pad ${i}`, [`docs/p${i}.md`], human('mallory'))),
        agentCommit(['src/a.ts'], claude('Claude Haiku 4.5')),
      ],
      { checkRuns: green },
    ),
    expected: 'failure',
  },
  {
    name: 'a 3,000-file PR whose receipt outgrows the check run keeps its verdict and says where the rest is',
    policy: matrix,
    snapshot: pr(
      [
        agentCommit(
          Array.from({ length: 3000 }, (_, i) => `src/m${i}/${'x'.repeat(60)}.ts`),
          claude('Claude Haiku 4.5'),
        ),
      ],
      { checkRuns: green },
    ),
    expected: 'failure',
    also: (v) => {
      const out = renderCheckRunOutput(buildReceipt(v, pr([])));
      expect(Buffer.byteLength(out.summary)).toBeLessThanOrEqual(65_535);
      expect(out.summary.startsWith('## ❌ Failure')).toBe(true);
      expect(out.summary).toMatch(/…and [\d,]+ more|listed in the receipt JSON/);
    },
  },
]);
