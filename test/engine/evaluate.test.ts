import { describe, expect, it } from 'vitest';
import { AttributionMemo, evaluate, POLICY_CHANGE_PROOF } from '../../src/engine/evaluate.js';
import type { Verdict } from '../../src/engine/verdict.js';
import { agentCommit, aider, claude, commit, HEAD, human, NOW, policy, pr, review, run, status } from '../support/snapshots.js';

const matrix = policy({
  version: 1,
  tiers: { fast: ['*-mini', 'claude-haiku-*', 'mai-code-1-flash'], strong: ['claude-opus-*', 'gpt-5', 'gpt-5.?'] },
  proofs: {
    tests: { kind: 'check', name: 'tests' },
    typecheck: { kind: 'check', name: 'typecheck', app: 'github-actions' },
    'human-review': { kind: 'review' },
    'security-review': { kind: 'review', teams: ['acme/security'] },
  },
  routes: [
    { name: 'docs', paths: ['docs/**', '**/*.md'], tiers: ['fast', 'strong'], require: [] },
    { name: 'source', paths: ['src/**', '!src/**/*.md'], tiers: ['fast', 'strong'], require: ['tests', 'typecheck'] },
    { name: 'security', paths: ['src/auth/**'], tiers: ['strong'], require: ['security-review'] },
    { name: 'workflows', paths: ['.github/workflows/**'], require: ['human-review'], appliesTo: 'all' },
  ],
  default: { require: ['human-review'] },
});

const green = [run('tests', 'success'), run('typecheck', 'success')];
const proof = (v: Verdict, name: string) => v.proofs.find((p) => p.name === name);
const route = (v: Verdict, name: string) => v.routes.find((r) => r.name === name);

describe('routes', () => {
  it('passes an agent docs change that needs no proof from an allowed tier', () => {
    const v = evaluate(matrix, pr([agentCommit(['docs/intro.md'])]), { now: NOW });
    expect(v.conclusion).toBe('success');
    expect(route(v, 'docs')).toMatchObject({ gated: true, files: ['docs/intro.md'], required: [] });
    expect(route(v, 'docs')?.touches).toEqual([{ agent: 'claude-code', model: 'claude-opus-4-6', tiers: ['strong'] }]);
  });

  it('needs the union of proofs of every route a file matches', () => {
    const v = evaluate(matrix, pr([agentCommit(['src/auth/login.ts'])], { checkRuns: green }), { now: NOW });
    expect(v.proofs.map((p) => p.name).sort()).toEqual(['security-review', 'tests', 'typecheck']);
    expect(proof(v, 'security-review')?.requiredBy).toEqual(['security']);
    expect(v.conclusion).toBe('pending');
  });

  it('allows only the intersection of tiers: a fast model on src/auth is a violation', () => {
    const v = evaluate(matrix, pr([agentCommit(['src/auth/login.ts', 'src/util.ts'], aider('gpt-5-mini'))], { checkRuns: green }), { now: NOW });
    expect(v.conclusion).toBe('failure');
    const tier = v.violations.filter((x) => x.kind === 'tier');
    expect(tier).toHaveLength(1);
    expect(tier[0]).toMatchObject({ route: 'security', files: ['src/auth/login.ts'] });
    expect(tier[0]!.message).toContain('aider with gpt-5-mini');
    expect(tier[0]!.message).toContain('allow tiers: strong');
    expect(tier[0]!.next).toContain('strong');
  });

  it('sends unmatched files to the default route', () => {
    const v = evaluate(matrix, pr([agentCommit(['package.json'])]), { now: NOW });
    expect(route(v, 'default')).toMatchObject({ files: ['package.json'], required: ['human-review'] });
    expect(v.conclusion).toBe('pending');
  });

  it('does not gate a human-only change on agent routes', () => {
    const v = evaluate(matrix, pr([commit('Fix typo', ['src/util.ts'], human('bob'))]), { now: NOW });
    expect(v.conclusion).toBe('neutral');
    expect(v.proofs).toEqual([]);
    expect(v.attribution.commits[0]).toMatchObject({ agent: null, model: null });
  });

  it('gates a human change on a route that applies to all changes', () => {
    const v = evaluate(matrix, pr([commit('Bump action', ['.github/workflows/ci.yml'], human('bob'))]), { now: NOW });
    expect(route(v, 'workflows')?.gated).toBe(true);
    expect(proof(v, 'human-review')?.status).toBe('pending');
  });

  it('assumes a commit with unknown files touched every file (fail closed)', () => {
    const commits = [commit('Docs only', ['docs/a.md'], human('bob')), agentCommit(null, aider('gpt-5-mini'))];
    const v = evaluate(matrix, pr(commits, { files: [file('docs/a.md'), file('src/auth/token.ts')] }), { now: NOW });
    expect(v.violations.some((x) => x.kind === 'tier' && x.files.includes('src/auth/token.ts'))).toBe(true);
  });

  it('gates a file renamed out of a restricted route by its old path too', () => {
    const moved = { ...file('docs/token.ts'), status: 'renamed' as const, previousPath: 'src/auth/token.ts' };
    const v = evaluate(matrix, pr([agentCommit(['docs/token.ts'], aider('gpt-5-mini'))], { files: [moved] }), { now: NOW });
    expect(v.violations.find((x) => x.kind === 'tier')?.route).toBe('security');
  });

  it('applies the unknownModel setting to agent commits that name no model', () => {
    const snapshot = pr([agentCommit(['src/auth/a.ts'], 'Co-authored-by: Cursor <cursoragent@cursor.com>')], { checkRuns: green });
    const deny = evaluate(matrix, snapshot, { now: NOW });
    expect(deny.violations.map((x) => x.kind)).toContain('unknown-model');
    const asFast = evaluate(policy({ ...matrix.doc, attribution: { unknownModel: 'fast' } }), snapshot, { now: NOW });
    expect(asFast.violations.map((x) => x.kind)).toContain('tier');
    const allow = evaluate(policy({ ...matrix.doc, attribution: { unknownModel: 'allow' } }), snapshot, { now: NOW });
    expect(allow.violations.filter((x) => x.kind !== 'proof')).toEqual([]);
  });

  it('restricts agents by canonical id', () => {
    const p = policy({ version: 1, routes: [{ name: 'infra', paths: ['infra/**'], agents: ['claude-code'] }] });
    const ok = evaluate(p, pr([agentCommit(['infra/main.tf'])]), { now: NOW });
    expect(ok.conclusion).toBe('success');
    const bad = evaluate(p, pr([agentCommit(['infra/main.tf'], aider('gpt-5'))]), { now: NOW });
    expect(bad.violations[0]).toMatchObject({ kind: 'agent', route: 'infra' });
    expect(bad.violations[0]!.message).toContain('allow agents: claude-code');
  });
});

describe('check proofs', () => {
  const docsWithTests = policy({
    version: 1,
    proofs: { tests: { kind: 'check', name: 'test*' }, pinned: { kind: 'check', name: 'build', app: 'github-actions' } },
    routes: [{ name: 'all', paths: ['**'], require: ['tests'] }],
  });
  const snap = (checkRuns = [run('test (20)', 'success')], statuses: ReturnType<typeof status>[] = []) =>
    pr([agentCommit(['src/a.ts'])], { checkRuns, statuses });

  it('passes when every matching run succeeded', () => {
    const v = evaluate(docsWithTests, snap([run('test (20)', 'success'), run('test (22)', 'success')]), { now: NOW });
    expect(v.conclusion).toBe('success');
    expect(proof(v, 'tests')?.evidence.map((e) => e.name)).toEqual(['test (20)', 'test (22)']);
  });

  it('fails when one matching run failed, naming it', () => {
    const v = evaluate(docsWithTests, snap([run('test (20)', 'success'), run('test (22)', 'failure')]), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(proof(v, 'tests')?.reason).toContain('test (22): failure');
  });

  it('is pending while a run is in progress or none has reported', () => {
    expect(evaluate(docsWithTests, snap([run('test', null, 'github-actions', 'in_progress')]), { now: NOW }).conclusion).toBe('pending');
    const none = evaluate(docsWithTests, snap([]), { now: NOW });
    expect(none.conclusion).toBe('pending');
    expect(proof(none, 'tests')?.next).toContain('Run check `test*`');
  });

  it('does not accept neutral or skipped unless the policy lists them', () => {
    expect(evaluate(docsWithTests, snap([run('tests', 'skipped')]), { now: NOW }).conclusion).toBe('failure');
    const lenient = policy({ ...docsWithTests.doc, proofs: { tests: { kind: 'check', name: 'test*', conclusions: ['success', 'skipped'] } } });
    expect(evaluate(lenient, snap([run('tests', 'skipped')]), { now: NOW }).conclusion).toBe('success');
  });

  it('accepts commit statuses by context', () => {
    expect(evaluate(docsWithTests, snap([], [status('tests/unit', 'success')]), { now: NOW }).conclusion).toBe('success');
    expect(evaluate(docsWithTests, snap([], [status('tests/unit', 'error')]), { now: NOW }).conclusion).toBe('failure');
    expect(evaluate(docsWithTests, snap([], [status('tests/unit', 'pending')]), { now: NOW }).conclusion).toBe('pending');
  });

  it('ignores a check of the right name from the wrong app when pinned', () => {
    const pinned = policy({ ...docsWithTests.doc, routes: [{ name: 'all', paths: ['**'], require: ['pinned'] }] });
    const spoofed = evaluate(pinned, snap([run('build', 'success', 'totally-legit-ci')], [status('build', 'success')]), { now: NOW });
    expect(spoofed.conclusion).toBe('pending');
    const p = proof(spoofed, 'pinned')!;
    expect(p.evidence.every((e) => !e.counted)).toBe(true);
    expect(p.evidence[0]!.note).toBe('from app totally-legit-ci; policy pins app github-actions');
    expect(p.next).toContain('reported by the GitHub App `github-actions`');
    const genuine = evaluate(pinned, snap([run('build', 'success', 'totally-legit-ci'), run('build', 'success', 'github-actions')]), { now: NOW });
    expect(genuine.conclusion).toBe('success');
  });

  it('pins statuses to their creator', () => {
    const byCreator = policy({
      version: 1,
      proofs: { deploy: { kind: 'check', name: 'deploy', source: 'status', creator: 'deploy-bot' } },
      routes: [{ name: 'all', paths: ['**'], require: ['deploy'] }],
    });
    expect(evaluate(byCreator, snap([], [status('deploy', 'success', 'mallory')]), { now: NOW }).conclusion).toBe('pending');
    expect(evaluate(byCreator, snap([], [status('deploy', 'success', 'deploy-bot')]), { now: NOW }).conclusion).toBe('success');
  });
});

describe('review proofs', () => {
  const reviewed = policy({
    version: 1,
    proofs: { review: { kind: 'review' }, security: { kind: 'review', teams: ['acme/security'], count: 2 } },
    routes: [{ name: 'all', paths: ['**'], require: ['review'] }],
  });
  const coauthored = agentCommit(['src/a.ts'], `${claude()}\nCo-authored-by: Carol <12345+carol@users.noreply.github.com>`, human('dave'));
  const snap = (...reviews: ReturnType<typeof review>[]) => pr([coauthored], { reviews });
  const status = (v: Verdict) => proof(v, 'review')!;

  it('passes with an approval on head from an independent human', () => {
    const v = evaluate(reviewed, snap(review('erin')), { now: NOW });
    expect(v.conclusion).toBe('success');
    expect(status(v).evidence).toMatchObject([{ name: 'erin', counted: true }]);
  });

  it.each([
    ['the PR author', review('alice'), 'PR author'],
    ['a bot', review('helper[bot]'), 'bot account'],
    ['a co-author named in a trailer', review('carol'), 'co-author of agent commits'],
    ['the human who committed with the agent', review('dave'), 'co-author of agent commits'],
    ['a stale approval', review('erin', 'APPROVED', { commitSha: 'o'.repeat(40) }), 'stale: on ooooooo, head is hhhhhhh'],
    ['a dismissed approval', review('erin', 'DISMISSED'), 'dismissed'],
  ])('does not count %s', (_label, r, note) => {
    const v = evaluate(reviewed, snap(r), { now: NOW });
    expect(v.conclusion).toBe('pending');
    expect(status(v).evidence[0]).toMatchObject({ counted: false, note });
    expect(status(v).next).toContain('approve');
  });

  it('counts them when the policy says so', () => {
    const lax = policy({ ...reviewed.doc, proofs: { review: { kind: 'review', allowAuthor: true, allowBots: true, allowCoauthors: true, allowStale: true } } });
    for (const r of [review('alice'), review('helper[bot]'), review('carol'), review('erin', 'APPROVED', { commitSha: 'o'.repeat(40) })]) {
      expect(evaluate(lax, snap(r), { now: NOW }).conclusion).toBe('success');
    }
  });

  it("uses each reviewer's latest decisive review", () => {
    const later = { submittedAt: '2026-11-20T11:59:00Z' };
    expect(evaluate(reviewed, snap(review('erin'), review('erin', 'CHANGES_REQUESTED', later)), { now: NOW }).conclusion).toBe('failure');
    expect(evaluate(reviewed, snap(review('erin'), review('erin', 'COMMENTED', later)), { now: NOW }).conclusion).toBe('success');
  });

  describe('a request for changes (GitHub: blocks until the same reviewer approves or it is dismissed)', () => {
    const onFirstCommit = { commitSha: 'o'.repeat(40), submittedAt: '2026-11-20T11:00:00Z' };
    const afterPush = { submittedAt: '2026-11-20T11:30:00Z' };

    it('still blocks after a push, however many others approve the head', () => {
      const v = evaluate(reviewed, snap(review('erin', 'CHANGES_REQUESTED', onFirstCommit), review('frank', 'APPROVED', afterPush)), { now: NOW });
      expect(v.conclusion).toBe('failure');
      expect(status(v).status).toBe('fail');
      expect(status(v).evidence.find((e) => e.name === 'erin')).toMatchObject({ counted: true, state: 'CHANGES_REQUESTED' });
    });

    it('blocks even when the proof lists other reviewers only', () => {
      const team = policy({ ...reviewed.doc, routes: [{ name: 'all', paths: ['**'], require: ['security'] }] });
      const teams = { 'acme/security': ['frank', 'gina'] };
      const v = evaluate(team, { ...snap(review('erin', 'CHANGES_REQUESTED', onFirstCommit), review('frank'), review('gina')), teams }, { now: NOW });
      expect(v.conclusion).toBe('failure');
    });

    it('stops blocking when the same reviewer approves later', () => {
      const v = evaluate(reviewed, snap(review('erin', 'CHANGES_REQUESTED', onFirstCommit), review('erin', 'APPROVED', afterPush)), { now: NOW });
      expect(v.conclusion).toBe('success');
    });

    it('stops blocking when dismissed', () => {
      const v = evaluate(reviewed, snap(review('erin', 'DISMISSED', onFirstCommit), review('frank', 'APPROVED', afterPush)), { now: NOW });
      expect(v.conclusion).toBe('success');
    });

    it('is not lifted by an approval from someone else, nor by a later comment', () => {
      const v = evaluate(
        reviewed,
        snap(review('erin', 'CHANGES_REQUESTED', onFirstCommit), review('erin', 'COMMENTED', afterPush), review('frank', 'APPROVED', afterPush)),
        { now: NOW },
      );
      expect(v.conclusion).toBe('failure');
    });

    it('does not block from an account without write access (GitHub ignores it too)', () => {
      const v = evaluate(
        reviewed,
        snap(review('erin', 'CHANGES_REQUESTED', { ...onFirstCommit, authorCanPush: false }), review('frank', 'APPROVED', afterPush)),
        { now: NOW },
      );
      expect(v.conclusion).toBe('success');
    });

    it('blocks the policy-change approval the same way', () => {
      const snapshot = pr([commit('Tune the policy', ['.github/proofgate.yml'], human('alice'))], {
        reviews: [review('erin', 'CHANGES_REQUESTED', onFirstCommit), review('frank', 'APPROVED', afterPush)],
      });
      const v = evaluate(reviewed, snapshot, { now: NOW });
      expect(proof(v, 'policy-change-approval')?.status).toBe('fail');
      expect(v.conclusion).toBe('failure');
    });
  });

  describe("by someone who wrote or pushed a commit of the pull request (GitHub: the most recent push needs someone else's approval)", () => {
    // Frank, a human, added a commit of his own to the agent's pull request; Gina committed one Hank wrote.
    const byFrank = commit('Fix the refresh window', ['src/a.ts'], human('frank'));
    const committedByGina = { ...commit('Tidy', ['src/b.ts'], human('hank')), committer: human('gina') };
    const snapWith = (...reviews: ReturnType<typeof review>[]) => pr([coauthored, byFrank, committedByGina], { reviews });

    it.each([
      ['the author of a human commit', 'frank'],
      ['the committer of a human commit', 'gina'],
      ['its author, who did not commit it', 'hank'],
      ['whatever the case of the login', 'Frank'],
    ])('does not count %s', (_label, login) => {
      const v = evaluate(reviewed, snapWith(review(login)), { now: NOW });
      expect(v.conclusion).toBe('pending');
      expect(status(v).evidence).toMatchObject([{ name: login, counted: false, note: 'author or committer of a commit in this pull request' }]);
    });

    it('still counts an unrelated reviewer', () => {
      const v = evaluate(reviewed, snapWith(review('frank'), review('erin')), { now: NOW });
      expect(v.conclusion).toBe('success');
      expect(status(v).evidence).toMatchObject([
        { name: 'frank', counted: false },
        { name: 'erin', counted: true },
      ]);
    });

    it('is not admitted by allowCoauthors, which admits only co-authors named in trailers; allowAuthor admits the PR author only', () => {
      const lax = policy({ ...reviewed.doc, proofs: { review: { kind: 'review', allowCoauthors: true, allowAuthor: true } } });
      expect(evaluate(lax, snapWith(review('frank')), { now: NOW }).conclusion).toBe('pending');
      // Dave authored and committed the agent commit: he pushed it.
      const dave = evaluate(lax, snapWith(review('dave')), { now: NOW });
      expect(dave.conclusion).toBe('pending');
      expect(status(dave).evidence).toMatchObject([{ name: 'dave', counted: false, note: 'author or committer of a commit in this pull request' }]);
      // Carol is only named in its Co-authored-by trailer.
      expect(evaluate(lax, snapWith(review('carol')), { now: NOW }).conclusion).toBe('success');
      const byAuthor = commit('Fix the refresh window', ['src/a.ts'], human('alice'));
      expect(evaluate(lax, pr([coauthored, byAuthor], { reviews: [review('alice')] }), { now: NOW }).conclusion).toBe('success');
      expect(evaluate(reviewed, pr([coauthored, byAuthor], { reviews: [review('alice')] }), { now: NOW }).conclusion).toBe('pending');
    });

    it('is not lifted by a pull request description that claims the human commit for an agent', () => {
      const lax = policy({ ...reviewed.doc, proofs: { review: { kind: 'review', allowCoauthors: true } } });
      const body = '## Summary\n- fix\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n';
      const snapshot = pr([byFrank], { reviews: [review('frank')] });
      const claimed = { ...snapshot, pullRequest: { ...snapshot.pullRequest!, body } };
      const v = evaluate(lax, claimed, { now: NOW });
      expect(v.attribution.commits.map((c) => c.agent)).toEqual(['claude-code']);
      expect(status(v).evidence).toMatchObject([{ name: 'frank', counted: false, note: 'author or committer of a commit in this pull request' }]);
      expect(v.conclusion).toBe('pending');
    });

    it('does not let the human who changed the policy approve the change', () => {
      const tuned = commit('Tune the policy', ['.github/proofgate.yml'], human('frank'));
      const own = evaluate(reviewed, pr([tuned], { reviews: [review('frank')] }), { now: NOW });
      expect(proof(own, 'policy-change-approval')).toMatchObject({ status: 'pending' });
      expect(proof(own, 'policy-change-approval')!.evidence).toMatchObject([{ name: 'frank', counted: false }]);
      const other = evaluate(reviewed, pr([tuned], { reviews: [review('erin')] }), { now: NOW });
      expect(proof(other, 'policy-change-approval')?.status).toBe('pass');
    });

    it("counts a commit edited in the browser (committed by GitHub's web-flow) against its author", () => {
      const viaWeb = {
        ...commit('Edit in the browser', ['src/c.ts'], human('ivan')),
        committer: { name: 'GitHub', email: 'noreply@github.com', login: 'web-flow', isBot: false },
      };
      const v = evaluate(reviewed, pr([coauthored, viaWeb], { reviews: [review('ivan'), review('erin')] }), { now: NOW });
      expect(v.conclusion).toBe('success');
      expect(status(v).evidence).toMatchObject([
        { name: 'ivan', counted: false, note: 'author or committer of a commit in this pull request' },
        { name: 'erin', counted: true },
      ]);
    });
  });

  it('requires team membership and the count', () => {
    const team = policy({ ...reviewed.doc, routes: [{ name: 'all', paths: ['**'], require: ['security'] }] });
    const teams = { 'acme/security': ['erin', 'frank'] };
    const one = evaluate(team, { ...snap(review('erin'), review('gina')), teams }, { now: NOW });
    expect(one.conclusion).toBe('pending');
    expect(proof(one, 'security')!.evidence.find((e) => e.name === 'gina')?.note).toBe('not in @acme/security');
    expect(evaluate(team, { ...snap(review('erin'), review('frank')), teams }, { now: NOW }).conclusion).toBe('success');
  });
});

describe('ledger proofs and budgets', () => {
  const session = (lines: object[]) => ({
    kind: 'proofgate-session' as const,
    path: '.proofgate/sessions/s1.jsonl',
    commitSha: null,
    content:
      [{ proofgate: 'session/1', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' }, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n',
  });
  const p = policy({
    version: 1,
    proofs: { 'agent-tests': { kind: 'ledger', validation: 'unit*', trust: 'self-reported' } },
    routes: [{ name: 'all', paths: ['**'], require: ['agent-tests'] }],
    budgets: { maxRetries: 2, maxCostUsd: 1, escalateTo: 'strong' },
    tiers: { strong: ['claude-opus-*'] },
  });
  // The pull request adds its session ledger.
  const snap = (lines: object[]) => pr([agentCommit(['src/a.ts', '.proofgate/sessions/s1.jsonl'])], { ledgers: [session(lines)] });

  it('passes on a recorded passing validation, marked self-reported', () => {
    const v = evaluate(p, snap([{ type: 'validation', name: 'unit', result: 'pass' }]), { now: NOW });
    expect(v.conclusion).toBe('success');
    expect(proof(v, 'agent-tests')!.reason).toContain('self-reported');
  });

  it('fails when the last recorded run failed and is pending when none is recorded', () => {
    const failed = [
      { type: 'validation', name: 'unit', result: 'pass' },
      { type: 'validation', name: 'unit', result: 'fail' },
    ];
    expect(evaluate(p, snap(failed), { now: NOW }).conclusion).toBe('failure');
    expect(evaluate(p, snap([]), { now: NOW }).conclusion).toBe('pending');
  });

  it('reports a budget breach with the escalation', () => {
    const retries = [1, 2, 3].map(() => ({ type: 'retry', reason: 'tests failed' }));
    const v = evaluate(p, snap([...retries, { type: 'validation', name: 'unit', result: 'pass' }]), { now: NOW });
    expect(v.conclusion).toBe('failure');
    const budget = v.violations.find((x) => x.kind === 'budget')!;
    expect(budget.message).toContain('used 3 retries; the budget is 2');
    expect(budget.next).toContain('`strong`');
  });

  it('reports a malformed ledger as a note and does not trust it', () => {
    const ledger = { ...session([{ type: 'validation', name: 'unit', result: 'pass' }]), content: '{"proofgate":"session/1","id":"s1"\n' };
    const v = evaluate(p, pr([agentCommit(['src/a.ts'])], { ledgers: [ledger] }), { now: NOW });
    expect(v.notes.some((n) => n.includes('.proofgate/sessions/s1.jsonl'))).toBe(true);
    expect(v.conclusion).not.toBe('success');
  });
});

describe('the verdict as a whole', () => {
  it('names every route, the policy file and the ledger line a reader needs to act on', () => {
    const p = policy({
      version: 1,
      tiers: { strong: ['claude-opus-*'] },
      routes: [
        { name: 'api', paths: ['src/**'], tiers: ['strong'], require: ['missing'] },
        { name: 'auth', paths: ['src/auth/**'], tiers: ['strong'], require: ['missing'] },
      ],
    });
    const ledger = {
      kind: 'proofgate-session' as const,
      path: '.proofgate/sessions/x.jsonl',
      commitSha: null,
      content: '{"proofgate":"session/2","id":"x","agent":"claude-code","startedAt":"2026-11-20T09:00:00Z"}\nnot json\n',
    };
    const v = evaluate(p, pr([agentCommit(['src/auth/a.ts'], aider('gpt-5-mini'))], { ledgers: [ledger] }), { now: NOW });
    expect(v.violations.map(({ kind, message, next, route, files }) => ({ kind, message, next, route, files }))).toEqual([
      {
        kind: 'policy',
        message: 'route api, auth requires proof `missing`, which the policy does not define',
        next: 'Fix .github/proofgate.yml; `npx proofgate validate` checks it.',
        route: null,
        files: ['.github/proofgate.yml'],
      },
      {
        kind: 'tier',
        message: 'aider with gpt-5-mini touched 1 file on routes api, auth, which allow tiers: strong',
        next: 'Redo the change with a model from tier strong, or move it out of api, auth.',
        route: 'api',
        files: ['src/auth/a.ts'],
      },
    ]);
    expect(v.notes).toEqual([
      'ledger .proofgate/sessions/x.jsonl:2: not valid JSON; the record was ignored (not trusted)',
      'ledger .proofgate/sessions/x.jsonl: session ledger has no end record; it may be incomplete or truncated (not trusted)',
    ]);
  });

  it('fails closed on a PR larger than GitHub lists', () => {
    const v = evaluate(matrix, pr([agentCommit(['docs/a.md'])], { truncated: { files: true, commits: false } }), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations[0]).toMatchObject({ kind: 'limit' });
    expect(v.violations[0]!.next).toContain('Split the pull request');
  });

  it('requires an approval with write access when the PR changes the policy', () => {
    const snapshot = pr([agentCommit(['.github/proofgate.yml', 'docs/a.md'])]);
    const v = evaluate(matrix, snapshot, { now: NOW });
    expect(proof(v, POLICY_CHANGE_PROOF)).toMatchObject({ status: 'pending', requiredBy: ['policy-change'] });
    // A route of its own, so every receipt's table shows it with its next step.
    expect(route(v, 'policy-change')).toMatchObject({ gated: true, files: ['.github/proofgate.yml'], required: [POLICY_CHANGE_PROOF] });
    expect(route(v, 'policy-change')?.touches).toEqual([{ agent: 'claude-code', model: 'claude-opus-4-6', tiers: ['strong'] }]);
    const noWrite = evaluate(matrix, { ...snapshot, reviews: [review('erin', 'APPROVED', { authorCanPush: false })] }, { now: NOW });
    expect(proof(noWrite, POLICY_CHANGE_PROOF)!.evidence[0]!.note).toBe('no write access');
  });

  it('uses asserted proofs from the command line', () => {
    const snapshot = pr([agentCommit(['src/util.ts'])], { asserted: { tests: 'pass', typecheck: 'pass' } });
    expect(evaluate(matrix, snapshot, { now: NOW }).conclusion).toBe('success');
    expect(evaluate(matrix, { ...snapshot, asserted: { tests: 'fail', typecheck: 'pass' } }, { now: NOW }).conclusion).toBe('failure');
  });

  it('is deterministic and takes time only from its argument', () => {
    const snapshot = pr([agentCommit(['src/auth/a.ts'], aider('gpt-5-mini'))], { checkRuns: green });
    const a = evaluate(matrix, snapshot, { now: NOW });
    const b = evaluate(matrix, JSON.parse(JSON.stringify(snapshot)), { now: NOW });
    expect(b).toEqual(a);
    expect(a.evaluatedAt).toBe(NOW.toISOString());
    expect(a.attribution.commits[0]!.sha).toBe(snapshot.commits[0]!.sha);
    expect(snapshot.head.sha).toBe(HEAD);
  });
});

function file(path: string) {
  return { path, status: 'modified' as const, previousPath: null, additions: 1, deletions: 0 };
}

describe('fail-closed edges', () => {
  it('fails on a rename whose old path is unknown', () => {
    const moved = { ...file('src/session.ts'), status: 'renamed' as const, previousPath: null };
    const v = evaluate(matrix, pr([agentCommit(['src/session.ts'])], { files: [moved], checkRuns: green }), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations[0]).toMatchObject({ kind: 'limit', files: ['src/session.ts'] });
    expect(v.violations[0]!.message).toBe('1 file renamed or copied from an unknown path');
  });

  it('fails on a change type GitHub added later, naming it, even when the file would otherwise pass', () => {
    const moved = { ...file('src/session.ts'), status: 'unknown' as const, unknownChangeType: 'MOVED' };
    const v = evaluate(matrix, pr([agentCommit(['src/session.ts'])], { files: [moved], checkRuns: green }), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations[0]).toMatchObject({ kind: 'limit', files: ['src/session.ts'] });
    expect(v.violations[0]!.message).toBe("1 file changed in a way proofgate does not know (GitHub's change type MOVED)");
  });

  it('attributes a changed file that no commit lists to every commit', () => {
    // The diff shows src/auth/login.ts, but the per-commit lists name only other paths.
    const commits = [agentCommit(['tmp/login.ts'], aider('gpt-5-mini')), commit('Move it back', ['docs/x.md'], human('bob'))];
    const v = evaluate(matrix, pr(commits, { files: [file('src/auth/login.ts'), file('docs/x.md')], checkRuns: green }), { now: NOW });
    expect(v.violations.find((x) => x.kind === 'tier')).toMatchObject({ route: 'security', files: ['src/auth/login.ts'] });
  });

  it('keeps these rules with many distinct models (beyond the bit-mask fast path)', () => {
    const many = Array.from({ length: 40 }, (_, i) => agentCommit([`docs/m${i}.md`], aider(`model-${i}-mini`)));
    const unlisted = [...many, agentCommit(['docs/a.md'], aider('gpt-5-mini'))];
    const v = evaluate(matrix, pr(unlisted, { files: [...unlisted.flatMap((c) => (c.files ?? []).map(file)), file('src/auth/z.ts')], checkRuns: green }), {
      now: NOW,
    });
    const tier = v.violations.filter((x) => x.kind === 'tier' && x.files.includes('src/auth/z.ts'));
    expect(tier).toHaveLength(41);
    expect(route(v, 'docs')?.touches).toHaveLength(41);
  });

  it('reports a required proof the policy does not define instead of dropping it', () => {
    const p = policy({ version: 1, routes: [{ name: 'all', paths: ['**'], require: ['ghost'] }] });
    const v = evaluate(p, pr([agentCommit(['src/a.ts'])]), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations[0]!.message).toBe('route all requires proof `ghost`, which the policy does not define');
  });

  it('counts only reviewers with write access unless the policy relaxes it', () => {
    const outsider = review('erin', 'APPROVED', { authorCanPush: false });
    const strict = policy({ version: 1, proofs: { r: { kind: 'review' } }, routes: [{ name: 'all', paths: ['**'], require: ['r'] }] });
    const v = evaluate(strict, pr([agentCommit(['src/a.ts'])], { reviews: [outsider] }), { now: NOW });
    expect(v.conclusion).toBe('pending');
    expect(proof(v, 'r')!.evidence[0]!.note).toBe('no write access');
    const open = policy({ ...strict.doc, proofs: { r: { kind: 'review', requireWriteAccess: false } } });
    expect(evaluate(open, pr([agentCommit(['src/a.ts'])], { reviews: [outsider] }), { now: NOW }).conclusion).toBe('success');
  });

  it('matches a status creator pin to the App bot that created it', () => {
    const p = policy({
      version: 1,
      proofs: { d: { kind: 'check', name: 'deploy', source: 'status', creator: 'deployer' } },
      routes: [{ name: 'all', paths: ['**'], require: ['d'] }],
    });
    expect(evaluate(p, pr([agentCommit(['a.ts'])], { statuses: [status('deploy', 'success', 'deployer[bot]')] }), { now: NOW }).conclusion).toBe('success');
    const botOnly = policy({ ...p.doc, proofs: { d: { kind: 'check', name: 'deploy', source: 'status', creator: 'deployer[bot]' } } });
    expect(evaluate(botOnly, pr([agentCommit(['a.ts'])], { statuses: [status('deploy', 'success', 'deployer')] }), { now: NOW }).conclusion).toBe('pending');
  });
});

describe('conflicting claims', () => {
  it('checks every model the evidence names for a commit, not only the strongest', () => {
    // The trailer claims a strong model; the Git AI note attached to the commit names a fast one.
    const c = agentCommit(['src/auth/a.ts'], claude());
    const note = [
      'src/auth/a.ts',
      '  s_0123456789abcd::t_0123456789abcd 1-3',
      '---',
      JSON.stringify({
        schema_version: 'authorship/3.0.0',
        base_commit_sha: c.sha,
        prompts: {},
        sessions: { s_0123456789abcd: { agent_id: { tool: 'claude', id: 'x', model: 'claude-haiku-4-5' }, human_author: 'Alice <alice@example.com>' } },
      }),
    ].join('\n');
    const snapshot = pr([c], { checkRuns: green, ledgers: [{ kind: 'git-ai-note', path: 'refs/notes/ai', commitSha: c.sha, content: note }] });
    const v = evaluate(matrix, snapshot, { now: NOW });
    expect(v.attribution.commits[0]).toMatchObject({ model: 'claude-opus-4-6', models: ['claude-opus-4-6', 'claude-haiku-4-5'] });
    const tier = v.violations.find((x) => x.kind === 'tier');
    expect(tier?.message).toContain('claude-haiku-4-5');
    expect(tier?.route).toBe('security');
  });
});

describe('a second claim never lifts a restriction', () => {
  it('keeps the unknown-model violation of an agent commit when another trailer names a model', () => {
    const copilot = { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com', login: 'copilot-swe-agent[bot]', isBot: true };
    const bare = agentCommit(['src/auth/a.ts'], 'Signed-off-by: Copilot <198982749+Copilot@users.noreply.github.com>', copilot);
    const withClaim = agentCommit(['src/auth/a.ts'], claude(), copilot);
    for (const c of [bare, withClaim]) {
      const v = evaluate(matrix, pr([c], { checkRuns: green }), { now: NOW });
      expect(v.attribution.commits[0]!.agent).toBe('github-copilot');
      expect(v.violations.map((x) => x.kind)).toContain('unknown-model');
    }
  });
});

describe('unread session ledgers', () => {
  const unread = {
    kind: 'proofgate-session' as const,
    path: '.proofgate/sessions/big.jsonl',
    commitSha: null,
    content: '',
    skipped: '3.2 MiB, over the 1 MiB limit; not read',
  };

  it('fail the gate when the policy has budgets, since a breach could hide there', () => {
    const p = policy({ ...matrix.doc, budgets: { maxRetries: 2 } });
    const v = evaluate(p, pr([agentCommit(['docs/a.md', unread.path])], { ledgers: [unread] }), { now: NOW });
    expect(v.conclusion).toBe('failure');
    expect(v.violations[0]).toMatchObject({ kind: 'ledger', files: ['.proofgate/sessions/big.jsonl'] });
    expect(v.violations[0]!.message).toBe(
      "1 session ledger not read (3.2 MiB, over the 1 MiB limit; not read), so the policy's budgets and ledger proofs cannot be checked",
    );
  });

  it('are only a note when an earlier change left them in the tree: they hold its session, not this one', () => {
    const p = policy({ ...matrix.doc, budgets: { maxRetries: 2 } });
    const v = evaluate(p, pr([agentCommit(['docs/a.md'])], { ledgers: [unread] }), { now: NOW });
    expect(v.violations).toEqual([]);
    expect(v.notes.some((n) => n.includes('big.jsonl'))).toBe(true);
  });

  it('are only a note when the policy uses neither budgets nor ledger proofs', () => {
    const v = evaluate(matrix, pr([agentCommit(['docs/a.md'])], { ledgers: [unread] }), { now: NOW });
    expect(v.conclusion).toBe('success');
    expect(v.notes.some((n) => n.includes('big.jsonl'))).toBe(true);
  });
});

describe('many distinct models', () => {
  // Past 32 distinct (agent, model) touches the per-file sets span several mask words.
  it('attributes each of 40 models to its own files only', () => {
    const models = Array.from({ length: 40 }, (_, i) => `v${i}-mini`);
    const commits = models.map((m, i) => agentCommit([`src/auth/f${i}.ts`, `docs/d${i}.md`], aider(m)));
    const v = evaluate(matrix, pr(commits, { checkRuns: green }), { now: NOW });
    const tier = v.violations.filter((x) => x.kind === 'tier');
    expect(tier).toHaveLength(40);
    for (const [i, m] of models.entries()) {
      const mine = tier.filter((x) => x.message.includes(`aider with ${m} `));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ route: 'security', files: [`src/auth/f${i}.ts`] });
    }
    expect(route(v, 'docs')?.touches).toHaveLength(40);
  });
});

describe('many distinct models: sets that hash alike', () => {
  // With two mask words, {touch 0, touch 37} and {touch 1, touch 32} hash alike
  // (1·31 + 2^5 = 2·31 + 1): each file must still get its own set of touches.
  it('keeps two files whose touch sets share a hash apart', () => {
    const models = Array.from({ length: 40 }, (_, i) => `w${i}-mini`);
    const filesOf = (i: number) => (i === 0 || i === 37 ? ['src/auth/a.ts'] : i === 1 || i === 32 ? ['src/auth/b.ts'] : [`docs/d${i}.md`]);
    const commits = models.map((m, i) => agentCommit(filesOf(i), aider(m)));
    const v = evaluate(matrix, pr(commits, { checkRuns: green }), { now: NOW });
    const onFile = (file: string) =>
      v.violations
        .filter((x) => x.kind === 'tier' && x.files.includes(file))
        .map((x) => /aider with (\S+) /.exec(x.message)?.[1])
        .sort();
    expect(onFile('src/auth/a.ts')).toEqual(['w0-mini', 'w37-mini']);
    expect(onFile('src/auth/b.ts')).toEqual(['w1-mini', 'w32-mini']);
  });
});

describe('attribution shared between policies (AttributionMemo)', () => {
  const routes = [{ name: 'source', paths: ['src/**'], agents: ['claude-code'], require: [] }];
  const asHuman = policy({ version: 1, routes });
  const asUnknownAgent = policy({ version: 1, attribution: { unattributed: 'unknown-agent' }, routes });

  it('computes attribution again when the attribution settings differ', () => {
    const snapshot = pr([commit('Plain human change', ['src/a.ts'])]);
    const attributions = new AttributionMemo();
    const first = evaluate(asHuman, snapshot, { now: NOW, attributions });
    expect(first.attribution.commits[0]!.agent).toBeNull();
    expect(first.conclusion).not.toBe('failure');
    // With `unattributed: unknown-agent` the same commit is an unnamed agent, which the route's agents list refuses.
    const second = evaluate(asUnknownAgent, snapshot, { now: NOW, attributions });
    expect(second.attribution.commits[0]!.agent).toBe('unknown');
    expect(second.conclusion).toBe('failure');
    expect(second).toEqual(evaluate(asUnknownAgent, snapshot, { now: NOW }));
  });

  it('shares attribution only within one snapshot object', () => {
    const attributions = new AttributionMemo();
    const human = evaluate(asHuman, pr([commit('Plain human change', ['src/a.ts'])]), { now: NOW, attributions });
    const agent = evaluate(asHuman, pr([agentCommit(['src/a.ts'], aider('gpt-5-mini'))]), { now: NOW, attributions });
    expect(human.attribution.commits[0]!.agent).toBeNull();
    expect(agent.attribution.commits[0]!.agent).toBe('aider');
    expect(agent.conclusion).toBe('failure');
  });

  it('computes attribution again when the prices differ, so each budget reads the costs of its own policy', () => {
    // One session: 1M input and 1M output tokens of a model each policy prices differently.
    const ledger = {
      kind: 'proofgate-session' as const,
      path: '.proofgate/sessions/s1.jsonl',
      commitSha: null,
      content: `${[
        { proofgate: 'session/2', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' },
        { type: 'step', role: 'execute', model: 'claude-haiku-4-5', tokens: { input: 1_000_000, output: 1_000_000 }, files: ['src/a.ts'] },
        { type: 'end', outcome: 'success' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n')}\n`,
    };
    const priced = (input: number, output: number) =>
      policy({
        version: 1,
        budgets: { maxCostUsd: 10 },
        pricing: { date: '2026-11-01', source: 'contract', models: { 'claude-haiku-4-5': { input, output } } },
        routes: [{ name: 'source', paths: ['src/**'] }],
      });
    const snapshot = pr([agentCommit(['src/a.ts', ledger.path])], { ledgers: [ledger] });
    const attributions = new AttributionMemo();
    const cheap = evaluate(priced(1, 2), snapshot, { now: NOW, attributions });
    const dear = evaluate(priced(10, 20), snapshot, { now: NOW, attributions });
    // Equal prices written out again are the same prices: the memo answers from the first.
    const cheapAgain = evaluate(priced(1, 2), snapshot, { now: NOW, attributions });
    expect(cheap.attribution.sessions[0]!.costUsd).toBe(3);
    expect(dear.attribution.sessions[0]!.costUsd).toBe(30);
    expect(cheapAgain.attribution).toBe(cheap.attribution);
    expect(cheap.violations.filter((v) => v.kind === 'budget')).toEqual([]);
    expect(dear.violations.filter((v) => v.kind === 'budget')).toHaveLength(1);
  });

  it('gives the verdicts evaluate gives without it', () => {
    const snapshot = pr([agentCommit(['src/a.ts'], aider('gpt-5-mini')), commit('Human follow-up', ['src/b.ts'])]);
    const attributions = new AttributionMemo();
    for (const p of [asHuman, asUnknownAgent, asHuman]) {
      expect(evaluate(p, snapshot, { now: NOW, attributions })).toEqual(evaluate(p, snapshot, { now: NOW }));
    }
  });
});

describe('budgets hold the session ledgers of this change', () => {
  const overBudget = {
    kind: 'proofgate-session' as const,
    path: '.proofgate/sessions/s1.jsonl',
    commitSha: null,
    content:
      [
        { proofgate: 'session/2', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' },
        { type: 'retry', reason: 'a' },
        { type: 'retry', reason: 'b' },
        { type: 'end', at: '2026-11-20T10:00:00Z' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n',
  };
  const budgeted = policy({ ...matrix.doc, budgets: { maxRetries: 1 } });

  it("fail a pull request whose own session is over budget, also when the Action's job wrote it", () => {
    const own = evaluate(budgeted, pr([agentCommit(['docs/a.md', overBudget.path])], { ledgers: [overBudget] }), { now: NOW });
    expect(own.violations.map((v) => v.kind)).toEqual(['budget']);
    const fromJob = evaluate(budgeted, pr([agentCommit(['docs/a.md'])], { ledgers: [{ ...overBudget, origin: 'job' }] }), { now: NOW });
    expect(fromJob.violations.map((v) => v.kind)).toEqual(['budget']);
  });

  it('do not fail every later pull request on a session an earlier change left in the tree', () => {
    const v = evaluate(budgeted, pr([agentCommit(['docs/a.md'])], { ledgers: [overBudget] }), { now: NOW });
    expect(v.violations).toEqual([]);
  });
});
