/**
 * Attack class: text from the PR head (trailers, model ids, agent names, paths,
 * ledger claims) written to pose as proofgate's own words in the check run:
 * live links to a login page, table breaks, status marks, mentions, HTML,
 * invisible and reordering characters. Expected (docs/policy.md, README): the
 * verdict follows the policy as if the text were plain, the title carries none
 * of it, and the summary shows it inert.
 */
import { describe, expect, it } from 'vitest';
import type { Conclusion } from '../../src/engine/verdict.js';
import type { Receipt } from '../../src/receipt/json.js';
import { renderCheckRunOutput } from '../../src/receipt/markdown.js';
import type { LedgerSource, Snapshot } from '../../src/snapshot.js';
import { agentCommit, commit, human, policy, pr, run } from '../support/snapshots.js';
import { expectInertRendering, expectNoForeignStatusMarks, judge } from './support.js';

const LOGIN = 'https://evil.example/login';
const THREE_LINKS = `Sign in ${LOGIN} or www.evil.example/login or [here](${LOGIN})`;

const gate = policy({
  version: 1,
  tiers: { strong: ['**/claude-opus-*'] },
  proofs: { tests: { kind: 'check', name: 'tests', app: 'github-actions' }, review: { kind: 'review' } },
  routes: [
    { name: 'auth', paths: ['src/auth/**'], tiers: ['strong'], require: ['tests'] },
    { name: 'code', paths: ['src/**'], require: ['tests'] },
  ],
  default: { require: ['review'] },
  budgets: { maxRetries: 1 },
});

const session = (id: string, agent: string, extra: object[]): LedgerSource => ({
  kind: 'proofgate-session',
  path: '.proofgate/sessions/s.jsonl',
  commitSha: null,
  content: [{ proofgate: 'session/1', id, agent, startedAt: '2026-11-20T09:00:00Z' }, ...extra].map((l) => JSON.stringify(l)).join('\n') + '\n',
});

interface Scenario {
  name: string;
  snapshot: Snapshot;
  /** From the docs: what the policy concludes, whatever the text says. */
  expected: Conclusion;
  /** Text the attacker wrote, which must not reach the title. */
  claims: string[];
}

const green = [run('tests', 'success')];

const scenarios: Scenario[] = [
  {
    name: 'a model id spelling a passing table row on a strong-only route',
    snapshot: pr([agentCommit(['src/auth/login.ts'], 'Assisted-by: claude-code:|-✅-pass-|')], { checkRuns: green }),
    expected: 'failure', // the model is in no tier the route allows
    claims: ['|-✅-pass-|', '✅'],
  },
  {
    name: 'a trailer with three clickable links to a login page',
    snapshot: pr([agentCommit(['src/auth/login.ts'], `Co-Authored-By: ${THREE_LINKS} <noreply@anthropic.com>`)], { checkRuns: green }),
    expected: 'failure', // a trailer naming no known model on a tier-restricted route (unknownModel: deny)
    claims: [LOGIN, 'evil.example'],
  },
  {
    name: 'a model id with a markdown link and an autolink',
    snapshot: pr([agentCommit(['src/auth/login.ts'], `Assisted-by: claude-code:[Approve](${LOGIN})<${LOGIN}>`)], { checkRuns: green }),
    expected: 'failure',
    claims: ['Approve', LOGIN],
  },
  {
    name: 'a model id that mentions a team and references an issue',
    snapshot: pr([agentCommit(['src/auth/login.ts'], 'Assisted-by: claude-code:@acme/security-approved-#1')], { checkRuns: green }),
    expected: 'failure',
    claims: ['@acme/security', '#1'],
  },
  {
    name: 'a model id with HTML and an emoji shortcode',
    snapshot: pr([agentCommit(['src/auth/login.ts'], 'Assisted-by: claude-code:<img src=x onerror=alert(1)>:white_check_mark:')], { checkRuns: green }),
    expected: 'failure',
    claims: ['<img', ':white_check_mark:'],
  },
  {
    name: 'a strong model id followed by a right-to-left override and zero-width characters',
    snapshot: pr([agentCommit(['src/auth/login.ts'], 'Assisted-by: claude-code:claude-opus-4-6\u202e\u200bssap\u200d')], { checkRuns: green }),
    // A model claim is self-reported and `*` matches any text: the id is in tier strong. Hidden characters
    // gain nothing over a plain false claim; what matters is that the reviewer sees them.
    expected: 'success',
    claims: ['ssap', '\u202e'],
  },
  {
    name: 'a file path with a newline, a pipe and a right-to-left override',
    snapshot: pr([agentCommit(['src/auth/x\n| auth | ✅ |\u202egnp.ts'])], { checkRuns: [] }),
    expected: 'failure', // docs/policy.md: a path with control or bidirectional characters is a violation
    claims: ['| auth |', '\u202e'],
  },
  {
    name: 'a zero-width space inside a protected directory name',
    snapshot: pr([agentCommit(['src/au\u200bth/login.ts'], 'Assisted-by: claude-code:claude-haiku-4-5')], { checkRuns: [] }),
    expected: 'failure', // on src/auth/** too (the space is default-ignorable), where only strong models may write
    claims: ['\u200b'],
  },
  {
    name: 'a session ledger whose id and agent carry links over a broken budget',
    snapshot: pr([agentCommit(['src/util.ts', '.proofgate/sessions/s.jsonl'])], {
      checkRuns: green,
      ledgers: [
        session(`${LOGIN} @acme/owners`, 'claude-code', [
          { type: 'retry', reason: THREE_LINKS },
          { type: 'retry', reason: 'again' },
        ]),
      ],
    }),
    expected: 'failure', // two retries over a budget of one
    claims: [LOGIN, '@acme/owners'],
  },
  {
    name: 'an agent-trace ledger with hostile lines that are not JSON',
    snapshot: pr([agentCommit(['src/util.ts'])], {
      checkRuns: green,
      ledgers: [{ kind: 'agent-trace', path: '.agent-trace/x.jsonl', commitSha: null, content: `${THREE_LINKS}\n<img src=x>\n@acme/owners ✅ pass\n` }],
    }),
    expected: 'success', // a ledger problem is a note: a malformed ledger never adds proof, and tests passed
    claims: [LOGIN],
  },
  {
    name: 'a human commit whose message body holds every trick (messages are not rendered)',
    snapshot: pr([commit(`fix\n\n${THREE_LINKS}\n| ✅ | pass |\n@acme/owners #1`, ['docs/x.md'], human('mallory'))]),
    expected: 'neutral', // humans are not gated by an agent default route
    claims: [LOGIN],
  },
];

describe('hostile text in the check run', () => {
  it.each(scenarios)('$name', ({ snapshot, expected, claims }) => {
    const { verdict, receipt } = judge(gate, snapshot);
    expect(verdict.conclusion).toBe(expected);
    expectInertRendering(receipt, claims);
    expectNoForeignStatusMarks(receipt);
  });

  it('shows a claim verbatim in a code span, with hidden characters spelled out', () => {
    const { receipt } = judge(gate, scenarios[0]!.snapshot);
    const summary = expectRendered(receipt);
    expect(summary).toContain('`\\|-\\u{2705}-pass-\\|`');
    const path = judge(gate, scenarios[6]!.snapshot).receipt;
    expect(expectRendered(path)).toContain('`src/auth/x\\u{A}\\| auth \\| \\u{2705} \\|\\u{202E}gnp.ts`');
  });

  it("titles a failure in proofgate's words, naming the route from the base policy", () => {
    const { receipt } = judge(gate, scenarios[1]!.snapshot);
    expect(receipt.title).toBe('A model outside the allowed tiers changed files on route auth');
  });
});

function expectRendered(receipt: Receipt): string {
  return renderCheckRunOutput(receipt).summary;
}
