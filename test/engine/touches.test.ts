/**
 * Which agents and models touched which file (docs/policy.md, "Which commits
 * touched a file"): a commit touched the files its own diff lists; when that
 * list is unknown, or a changed file appears in no commit's list, every commit
 * is taken to have touched it. Checked against that sentence written out
 * naively, with few and with many distinct models (the engine keeps a bit mask
 * per file, one word up to 30 touches and several words beyond).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { indexTouches, touchKey } from '../../src/engine/touches.js';
import type { CommitSnapshot } from '../../src/snapshot.js';
import { agentCommit, aider, claude, commit, human, NOW, policy, pr } from '../support/snapshots.js';

const POOL = ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts'];
const routes = POOL.map((path) => ({ name: path.replace('.', '-'), paths: [path] }));

interface Plan {
  /** Model index, or null for a human commit. */
  model: number | null;
  /** Indices into POOL, or null: the commit's file list is unknown. */
  files: number[] | null;
}

const who = (plan: Plan) => (plan.model === null ? 'null|null' : `aider|m${plan.model}-mini`);

/** A session ledger's claim: this model (index) wrote this file (index into POOL). */
interface Claim {
  model: number;
  file: number;
}

function expectedTouches(plans: Plan[], path: string, claims: Claim[] = []): string[] {
  const listing = plans.filter((p) => p.files !== null && p.files.some((i) => POOL[i] === path));
  const touching = listing.length === 0 ? plans : plans.filter((p) => p.files === null || listing.includes(p));
  const claimed = claims.filter((c) => POOL[c.file] === path).map((c) => `claude-code|c${c.model}-mini`);
  return [...new Set([...touching.map(who), ...claimed])].sort();
}

function sessionLedger(claims: Claim[]) {
  const lines = [
    { proofgate: 'session/2', id: 's1', agent: 'claude-code', startedAt: '2026-11-20T09:00:00Z' },
    ...claims.map((c) => ({ type: 'step', role: 'execute', model: `c${c.model}-mini`, files: [POOL[c.file]!] })),
    { type: 'end' },
  ];
  return {
    kind: 'proofgate-session' as const,
    path: '.proofgate/sessions/s1.jsonl',
    commitSha: null,
    content: lines.map((l) => `${JSON.stringify(l)}\n`).join(''),
  };
}

function check(plans: Plan[], extra: number[], claims: Claim[] = []): void {
  const commits: CommitSnapshot[] = plans.map((p) => {
    const files = p.files === null ? null : p.files.map((i) => POOL[i]!);
    return p.model === null ? commit('Edit', files, human('bob')) : agentCommit(files, aider(`m${p.model}-mini`));
  });
  const changed = new Set([...plans.flatMap((p) => (p.files ?? []).map((i) => POOL[i]!)), ...extra.map((i) => POOL[i]!)]);
  const files = [...changed].map((path) => ({ path, status: 'modified' as const, previousPath: null, additions: 1, deletions: 0 }));
  const ledgers = claims.length > 0 ? [sessionLedger(claims)] : [];
  const v = evaluate(policy({ version: 1, routes }), pr(commits, { files, ledgers }), { now: NOW });
  for (const route of v.routes) {
    const actual = route.touches.map((t) => `${t.agent}|${t.model}`).sort();
    expect(actual, route.files[0]).toEqual(expectedTouches(plans, route.files[0]!, claims));
  }
  expect(v.routes.map((r) => r.files[0]).sort()).toEqual([...changed].sort());
}

const plan = (models: number) =>
  fc.record({
    model: fc.option(fc.nat(models - 1), { freq: 5 }),
    files: fc.option(fc.uniqueArray(fc.nat(POOL.length - 1), { maxLength: 3 }), { freq: 4 }),
  });

describe('which commits touched a file', () => {
  it('few distinct models', () => {
    fc.assert(
      fc.property(fc.array(plan(8), { minLength: 1, maxLength: 12 }), fc.uniqueArray(fc.nat(POOL.length - 1), { maxLength: 2 }), (plans, extra) =>
        check(plans, extra),
      ),
      {
        numRuns: 100,
      },
    );
  });

  it('many distinct models', () => {
    fc.assert(
      fc.property(fc.array(plan(70), { minLength: 31, maxLength: 70 }), fc.uniqueArray(fc.nat(POOL.length - 1), { maxLength: 2 }), (plans, extra) =>
        check(plans, extra),
      ),
      {
        numRuns: 15,
      },
    );
  });

  it('with ledger claims, which add their touches to the files they name on either side of the one-word masks', () => {
    // A ledger is the gated party's to write: it can name enough models to take the many-word masks.
    const claim = (models: number) => fc.record({ model: fc.nat(models - 1), file: fc.nat(POOL.length - 1) });
    const plans = fc.array(plan(12), { minLength: 1, maxLength: 20 });
    const extra = fc.uniqueArray(fc.nat(POOL.length - 1), { maxLength: 2 });
    fc.assert(fc.property(plans, extra, fc.array(claim(12), { maxLength: 12 }), check), { numRuns: 30 });
    const many = fc.uniqueArray(claim(60), { minLength: 31, maxLength: 45, selector: (c) => c.model });
    fc.assert(fc.property(plans, extra, many, check), { numRuns: 30 });
  });

  it('a renamed file keeps the touches of its old path, on either side of the one-word masks', () => {
    // A weak model edits auth/x.ts, then a human moves it out of the route: the old path's touches come along.
    const p = policy({ version: 1, tiers: { strong: ['claude-opus-*'] }, routes: [{ name: 'auth', paths: ['auth/**'], tiers: ['strong'] }] });
    for (const others of [0, 40]) {
      const commits = [
        agentCommit(['auth/x.ts'], claude('Claude Haiku 4.5')),
        commit('Move x to docs', ['auth/x.ts', 'docs/x.ts'], human('bob')),
        // Distinct models elsewhere, enough to take the many-word masks.
        ...Array.from({ length: others }, (_, i) => agentCommit(['other.ts'], aider(`m${i}-mini`))),
      ];
      const files = [
        { path: 'docs/x.ts', status: 'renamed' as const, previousPath: 'auth/x.ts', additions: 0, deletions: 0 },
        { path: 'other.ts', status: 'modified' as const, previousPath: null, additions: 1, deletions: 0 },
      ];
      const v = evaluate(p, pr(commits, { files }), { now: NOW });
      expect(v.violations, `${others} other models`).toMatchObject([
        { kind: 'tier', route: 'auth', files: ['docs/x.ts'], message: expect.stringContaining('claude-haiku-4-5') },
      ]);
    }
  });

  it('exactly 30 and 31 distinct touches, on either side of the one-word masks', () => {
    for (const n of [30, 31, 32, 33]) {
      const plans: Plan[] = Array.from({ length: n }, (_, i) => ({ model: i, files: [i % 3] }));
      check([...plans, { model: 0, files: null }], [5]);
    }
  });
});

/*
 * The same sentence with everything that adds a touch (docs/policy.md, "Which
 * commits touched a file"): a commit touches with every model its evidence
 * names, not only the one it is attributed to; a ledger's claim adds its
 * (agent, model) to the path it names, a claim without a model included; a
 * renamed file carries the touches of its old path too. Written out naively
 * and checked in both of the engine's regimes (one mask word, several).
 */
describe('which commits, models and claims touched a file', () => {
  interface FullPlan {
    /** Models the commit's trailers name (null: a human commit). */
    models: number[] | null;
    files: number[] | null;
  }
  interface ClaimPlan {
    path: number;
    /** null: the ledger names no model for the file. */
    model: number | null;
  }
  interface FilePlan {
    path: number;
    /** The path it was renamed from, or null. */
    from: number | null;
  }

  const modelName = (m: number) => `m${m}-mini`;
  const commitTouches = (p: FullPlan) => (p.models === null ? ['null|null'] : p.models.map((m) => `aider|${modelName(m)}`));

  function touchesOf(plans: FullPlan[], claims: ClaimPlan[], path: string): string[] {
    const listing = plans.filter((p) => p.files !== null && p.files.some((i) => POOL[i] === path));
    const touching = listing.length === 0 ? plans : plans.filter((p) => p.files === null || listing.includes(p));
    const byClaims = claims.filter((c) => POOL[c.path] === path).map((c) => `claude-code|${c.model === null ? 'null' : modelName(c.model)}`);
    return [...touching.flatMap(commitTouches), ...byClaims];
  }

  function checkAll(plans: FullPlan[], claims: ClaimPlan[], changed: FilePlan[]): void {
    const commits = plans.map((p) => {
      const files = p.files === null ? null : p.files.map((i) => POOL[i]!);
      return p.models === null ? commit('Edit', files, human('bob')) : agentCommit(files, p.models.map((m) => aider(modelName(m))).join('\n'));
    });
    const files = changed.map((f) => ({
      path: POOL[f.path]!,
      status: f.from === null ? ('modified' as const) : ('renamed' as const),
      previousPath: f.from === null ? null : POOL[f.from]!,
      additions: 1,
      deletions: 0,
    }));
    // Agent Trace records (flattened shape), one a claim; a record may name no model.
    const trace = claims.map((c) =>
      JSON.stringify({
        schema: 'agent-trace/v0.1',
        file_path: POOL[c.path],
        agent: 'claude-code',
        ...(c.model === null ? {} : { model_id: modelName(c.model) }),
      }),
    );
    const ledgers =
      trace.length === 0 ? [] : [{ kind: 'agent-trace' as const, path: '.agent-trace/traces.jsonl', commitSha: null, content: `${trace.join('\n')}\n` }];
    const v = evaluate(policy({ version: 1, routes }), pr(commits, { files, ledgers }), { now: NOW });
    expect(v.attribution.problems).toEqual([]);
    for (const route of v.routes) {
      const path = route.name.replace('-', '.');
      // The files of the route: those at its path, and those renamed from it.
      const own = changed.filter((f) => POOL[f.path] === path || (f.from !== null && POOL[f.from] === path));
      expect(route.files.sort(), path).toEqual([...new Set(own.map((f) => POOL[f.path]!))].sort());
      const expected = own.flatMap((f) => [...touchesOf(plans, claims, POOL[f.path]!), ...(f.from === null ? [] : touchesOf(plans, claims, POOL[f.from]!))]);
      expect(route.touches.map((t) => `${t.agent}|${t.model}`).sort(), path).toEqual([...new Set(expected)].sort());
    }
  }

  const scenario = (models: number, commits: { minLength: number; maxLength: number }) =>
    fc
      .record({
        plans: fc.array(
          fc.record({
            models: fc.option(fc.uniqueArray(fc.nat(models - 1), { minLength: 1, maxLength: 3 }), { freq: 5 }),
            files: fc.option(fc.uniqueArray(fc.nat(POOL.length - 1), { maxLength: 3 }), { freq: 4 }),
          }),
          commits,
        ),
        claims: fc.array(fc.record({ path: fc.nat(POOL.length - 1), model: fc.option(fc.nat(models - 1), { freq: 4 }) }), { maxLength: 6 }),
        renames: fc.array(fc.tuple(fc.nat(POOL.length - 1), fc.nat(POOL.length - 1)), { maxLength: 2 }),
      })
      .map(({ plans, claims, renames }) => {
        // Every path a commit lists is changed; some of them renamed from another path.
        const listed = [...new Set(plans.flatMap((p) => p.files ?? []))];
        const from = new Map(renames.filter(([to, old]) => to !== old && listed.includes(to)));
        const changed: FilePlan[] = listed.map((path) => ({ path, from: from.get(path) ?? null }));
        return { plans, claims: claims.filter((c) => listed.includes(c.path)), changed };
      });

  it('few distinct touches (one mask word)', () => {
    fc.assert(
      fc.property(scenario(6, { minLength: 1, maxLength: 10 }), ({ plans, claims, changed }) => checkAll(plans, claims, changed)),
      { numRuns: 150 },
    );
  });

  it('many distinct touches (several mask words)', () => {
    fc.assert(
      fc.property(scenario(70, { minLength: 31, maxLength: 60 }), ({ plans, claims, changed }) => checkAll(plans, claims, changed)),
      { numRuns: 20 },
    );
  });

  it('the set of touches a file gets is its own, when two sets of touch ids would read alike run together', () => {
    // Touch ids (1, 2, 3) and (1, 23) both read "123" without a separator; (12, 34) and
    // (1, 2, 34) both read "1234", past one mask word. Ids are given in order of first touch.
    for (const [total, first, second] of [
      [24, [1, 2, 3], [1, 23]],
      [35, [12, 34], [1, 2, 34]],
    ] as const) {
      const plans: FullPlan[] = Array.from({ length: total }, (_, id) => ({
        models: [id],
        files: [...(first.includes(id as never) ? [0] : []), ...(second.includes(id as never) ? [1] : []), 2],
      }));
      checkAll(
        plans,
        [],
        [0, 1, 2].map((path) => ({ path, from: null })),
      );
    }
  });
});

describe('ledger claims', () => {
  const session = (model: string, files: string[], agent = 'claude-code', id = 's1') => ({
    kind: 'proofgate-session' as const,
    path: `.proofgate/sessions/${id}.jsonl`,
    commitSha: null,
    content: `${[
      { proofgate: 'session/2', id, agent, startedAt: '2026-11-20T09:00:00Z' },
      { type: 'step', role: 'execute', model, files },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n')}\n`,
  });

  it('read a claim on an absolute path as the changed file it ends with, the old path of a rename included', () => {
    // Agent Trace writes the paths the agent saw: absolute, on the agent's machine.
    const trace = (path: string) =>
      JSON.stringify({
        version: '0.1.0',
        tool: { name: 'claude-code' },
        files: [{ path, conversations: [{ contributor: { type: 'ai', model_id: 'claude-haiku-4-5' } }] }],
      });
    const p = policy({ version: 1, tiers: { strong: ['claude-opus-*'] }, routes: [{ name: 'auth', paths: ['src/auth/**'], tiers: ['strong'] }] });
    const files = [
      { path: 'src/auth/login.ts', status: 'modified' as const, previousPath: null, additions: 1, deletions: 0 },
      { path: 'src/auth/session.ts', status: 'renamed' as const, previousPath: 'src/auth/old-session.ts', additions: 1, deletions: 0 },
    ];
    for (const claimed of ['/home/dev/widgets/src/auth/login.ts', '/home/dev/widgets/src/auth/old-session.ts']) {
      const ledgers = [{ kind: 'agent-trace' as const, path: '.agent-trace/t.jsonl', commitSha: null, content: `${trace(claimed)}\n` }];
      const v = evaluate(p, pr([agentCommit(['src/auth/login.ts', 'src/auth/session.ts'], claude())], { files, ledgers }), { now: NOW });
      expect(
        v.violations.map((x) => [x.kind, x.files]),
        claimed,
      ).toEqual([['tier', [claimed.endsWith('login.ts') ? 'src/auth/login.ts' : 'src/auth/session.ts']]]);
    }
  });

  describe('whatever a ledger spells its path', () => {
    // A human changed auth/x.ts; every ledger says a fast model wrote it, which the auth route does not allow.
    const p = policy({ version: 1, tiers: { strong: ['claude-opus-*'] }, routes: [...routes, { name: 'auth', paths: ['auth/**'], tiers: ['strong'] }] });
    const human1 = commit('Edit', ['a.ts', 'auth/x.ts'], human('bob'));
    const trace = (path: string) => ({
      kind: 'agent-trace' as const,
      path: '.agent-trace/t.jsonl',
      commitSha: null,
      content: `${JSON.stringify({ version: '0.1.0', tool: { name: 'claude-code' }, files: [{ path, conversations: [{ contributor: { type: 'ai', model_id: 'claude-haiku-4-5' } }] }] })}\n`,
    });
    const gitAi = (path: string) => ({
      kind: 'git-ai-note' as const,
      path: 'refs/notes/ai',
      commitSha: human1.sha,
      content: [
        path,
        '  s_0123456789abcd::t_0123456789abcd 1-3',
        '---',
        JSON.stringify({
          schema_version: 'authorship/3.0.0',
          base_commit_sha: human1.sha,
          prompts: {},
          sessions: { s_0123456789abcd: { agent_id: { tool: 'claude', id: 'x', model: 'claude-haiku-4-5' }, human_author: 'Bob <bob@example.com>' } },
        }),
      ].join('\n'),
    });
    const formats = { session: (path: string) => session('claude-haiku-4-5', [path]), 'Agent Trace': trace, 'Git AI': gitAi };
    /** The claim reached auth/x.ts: its model's tier is refused there, and nowhere else. */
    const expectAuthTierViolation = (v: ReturnType<typeof evaluate>, format: string) =>
      expect(
        v.violations.map((x) => [x.kind, x.route, x.files]),
        format,
      ).toEqual([['tier', 'auth', ['auth/x.ts']]]);

    it.each(['./auth/x.ts', 'auth//x.ts', 'auth/./x.ts', 'auth/../auth/x.ts', 'auth/x.ts/'])(
      'reads the claim on %s as one on auth/x.ts, the way git spells the changed path, in every format',
      (spelled) => {
        for (const [format, ledger] of Object.entries(formats)) {
          const v = evaluate(p, pr([human1], { ledgers: [ledger(spelled)] }), { now: NOW });
          expectAuthTierViolation(v, format);
          expect(
            v.notes.filter((n) => n.includes('file path')),
            format,
          ).toEqual([]);
        }
      },
    );

    it.each([
      ['auth\\x.ts', 'has a backslash, a Windows separator or part of a file name: it counts for the files of either reading'],
      ['../auth/x.ts', 'leaves the repository root: it counts for every changed file it could name'],
      ['../../repo/auth/x.ts', 'leaves the repository root: it counts for every changed file it could name'],
    ])('takes the ambiguous %s for every changed file it could name, and says so', (spelled, why) => {
      for (const [format, ledger] of Object.entries(formats)) {
        const v = evaluate(p, pr([human1], { ledgers: [ledger(spelled)] }), { now: NOW });
        expectAuthTierViolation(v, format);
        expect(
          v.notes.filter((n) => n.includes('file path')).map((n) => n.replace(/^ledger [^:]+(:\d+)?: /, '')),
          format,
        ).toEqual([`file path ${JSON.stringify(spelled)} ${why} (not trusted)`]);
      }
    });
  });

  it('add the model a ledger names for a file to that file only, even on a human commit', () => {
    const p = policy({ version: 1, tiers: { strong: ['claude-opus-*'] }, routes: [...routes, { name: 'auth', paths: ['auth/**'], tiers: ['strong'] }] });
    const commits = [commit('Edit', ['a.ts', 'auth/x.ts'], human('bob')), agentCommit(['b.ts'], claude())];
    const v = evaluate(p, pr(commits, { ledgers: [session('claude-haiku-4-5', ['auth/x.ts'])] }), { now: NOW });
    expect(v.routes.map((r) => [r.name, r.touches.map((t) => `${t.agent}|${t.model}`)])).toEqual([
      ['a-ts', ['null|null']],
      ['b-ts', ['claude-code|claude-opus-4-6']],
      ['auth', ['null|null', 'claude-code|claude-haiku-4-5']],
    ]);
    expect(v.violations).toMatchObject([{ kind: 'tier', route: 'auth', files: ['auth/x.ts'] }]);
  });

  it('keep two claims apart whose names a separator could join: each (agent, model) pair is its own touch', () => {
    // Joined with NUL, 'claude-code' + 'p\0claude-opus-4-6' and 'claude-code\0p' + 'claude-opus-4-6' read the same.
    const p = policy({
      version: 1,
      tiers: { strong: ['claude-opus-*'] },
      routes: [
        { name: 'a', paths: ['a.ts'] },
        { name: 'auth', paths: ['auth/**'], tiers: ['strong'] },
      ],
    });
    const ledgers = [session('p\u0000claude-opus-4-6', ['a.ts'], 'claude-code', 's1'), session('claude-opus-4-6', ['auth/x.ts'], 'claude-code\u0000p', 's2')];
    const v = evaluate(p, pr([commit('Edit', ['a.ts', 'auth/x.ts'], human('bob'))], { ledgers }), { now: NOW });
    expect(v.routes.map((r) => [r.name, r.touches.map((t) => [t.agent, t.model])])).toEqual([
      [
        'a',
        [
          [null, null],
          ['claude-code', 'p\u0000claude-opus-4-6'],
        ],
      ],
      [
        'auth',
        [
          [null, null],
          ['claude-code\u0000p', 'claude-opus-4-6'],
        ],
      ],
    ]);
    // auth/x.ts was touched by a strong model only: the other claim's model, outside every tier, is a.ts's alone.
    expect(v.violations).toEqual([]);
  });

  it('count a claim that names a model but no agent as an unknown agent, and one that names neither as nothing', () => {
    // No ledger reader leaves a claim's agent empty today (they say "unknown"); the index holds to the rule anyway.
    const c = commit('Edit', ['a.ts', 'b.ts'], human('bob'));
    const claim = (path: string, agent: string | null, model: string | null) => ({ path, agent, model, commitSha: null, source: 'test' });
    const index = indexTouches(pr([c]), {
      commits: [{ sha: c.sha, agent: null, model: null, models: [], evidence: [] }],
      fileClaims: [claim('a.ts', null, 'claude-haiku-4-5'), claim('b.ts', null, null)],
      sessions: [],
      problems: [],
    });
    expect(index.forFile('a.ts').touches.map(touchKey)).toEqual([
      touchKey({ agent: null, model: null }),
      touchKey({ agent: 'unknown', model: 'claude-haiku-4-5' }),
    ]);
    expect(index.forFile('a.ts').byAgent).toBe(true);
    expect(index.forFile('b.ts').touches.map(touchKey)).toEqual([touchKey({ agent: null, model: null })]);
  });

  it('name no commit for a touch only a ledger claims: a commit outside the pull request that the ledger names is its word', () => {
    const p = policy({ version: 1, tiers: { strong: ['claude-opus-*'] }, routes: [{ name: 'auth', paths: ['auth/**'], tiers: ['strong'] }] });
    const snapshot = pr([commit('Edit', ['auth/x.ts'], human('bob'))]);
    // The base commit: someone else's, and not one of the pull request's.
    const record = { schema: 'agent-trace/v0.1.0', file_path: 'auth/x.ts', tool_name: 'claude-code', model: 'claude-haiku-4-5', revision: snapshot.base.sha };
    const ledgers = [{ kind: 'agent-trace' as const, path: '.agent-trace/t.jsonl', commitSha: null, content: `${JSON.stringify(record)}\n` }];
    const v = evaluate(p, { ...snapshot, ledgers }, { now: NOW });
    expect(v.attribution.commits.map((c) => c.agent)).toEqual([null]);
    expect(v.violations).toMatchObject([{ kind: 'tier', route: 'auth', files: ['auth/x.ts'], commit: null }]);
  });

  it('name each (agent, model) pair by a key no other pair has, null apart from an empty name', () => {
    const pairs = [
      { agent: 'claude-code', model: 'p\u0000claude-opus-4-6' },
      { agent: 'claude-code\u0000p', model: 'claude-opus-4-6' },
      { agent: null, model: null },
      { agent: '', model: '' },
      { agent: '', model: null },
      { agent: 'unknown', model: null },
    ];
    expect(new Set(pairs.map(touchKey)).size).toBe(pairs.length);
  });
});
