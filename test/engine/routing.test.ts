/**
 * Files → routes, and who may touch them (docs/policy.md `routes`: "Several
 * routes", "Which commits touched a file", `agents`, `appliesTo`, and
 * `attribution.unknownModel`). Each test names the files a violation is
 * attributed to and the routes it is on, not only the conclusion.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Verdict } from '../../src/engine/verdict.js';
import type { ChangedFile, CommitSnapshot } from '../../src/snapshot.js';
import { agentCommit, aider, claude, commit, human, NOW, policy, pr } from '../support/snapshots.js';

const CURSOR = 'Assisted-by: cursor';
const CODEX = 'Assisted-by: codex';
const opus = () => agentCommit(['src/a.ts'], claude());
const judge = (doc: object, commits: CommitSnapshot[], files?: ChangedFile[]): Verdict =>
  evaluate(policy({ version: 1, tiers: { fast: ['*-mini'], strong: ['claude-opus-*', 'gpt-5'] }, ...doc }), pr(commits, files ? { files } : {}), { now: NOW });
const violations = (v: Verdict) => v.violations.map(({ kind, message, next, route, files }) => ({ kind, message, next, route, files }));
const renamed = (path: string, previousPath: string): ChangedFile => ({ path, status: 'renamed', previousPath, additions: 0, deletions: 0 });

describe('who may touch a route', () => {
  it('names the agent, model, files and routes of a tier violation, and the tiers allowed', () => {
    const v = judge({ routes: [{ name: 'auth', paths: ['src/auth/**'], tiers: ['strong'] }] }, [
      agentCommit(['src/auth/a.ts', 'src/auth/b.ts'], aider('gpt-5-mini')),
    ]);
    expect(violations(v)).toEqual([
      {
        kind: 'tier',
        message: 'aider with gpt-5-mini touched 2 files on route auth, which allow tiers: strong',
        next: 'Redo the change with a model from tier strong, or move it out of auth.',
        route: 'auth',
        files: ['src/auth/a.ts', 'src/auth/b.ts'],
      },
    ]);
  });

  it('judges each file by its own routes when files with the same touches lie on different sets of restricting routes', () => {
    // Restrictions are worked out once per touch set and set of routes. Route names run
    // together read alike ("a" + "bc", "ab" + "c"; "x" + "y" + "z", "x" + "yz"): each set keeps its own.
    const v = judge(
      {
        routes: [
          { name: 'a', paths: ['one.ts'], agents: ['claude-code'] },
          { name: 'bc', paths: ['one.ts'], agents: ['claude-code'] },
          { name: 'ab', paths: ['two.ts'], agents: ['aider'] },
          { name: 'c', paths: ['two.ts'], agents: ['claude-code'] },
          { name: 'x', paths: ['three.ts', 'four.ts'], agents: ['claude-code'] },
          { name: 'y', paths: ['three.ts'], tiers: ['strong'] },
          { name: 'z', paths: ['three.ts'], agents: ['claude-code'] },
          { name: 'yz', paths: ['four.ts'], tiers: ['fast'] },
        ],
      },
      [agentCommit(['one.ts', 'two.ts', 'three.ts', 'four.ts'], claude())],
    );
    expect(v.violations.map((x) => [x.kind, x.route, x.files])).toEqual([
      ['agent', 'ab', ['two.ts']],
      ['tier', 'yz', ['four.ts']],
    ]);
  });

  it('allows only the tiers and agents every route of a file allows', () => {
    const doc = {
      routes: [
        { name: 'api', paths: ['src/api/**'], tiers: ['fast', 'strong'], agents: ['aider', 'claude-code', 'codex'] },
        { name: 'auth', paths: ['**/auth/**'], tiers: ['strong'], agents: ['claude-code', 'codex', 'cursor'] },
      ],
    };
    expect(violations(judge(doc, [agentCommit(['src/api/auth/x.ts'], aider('gpt-5-mini'))]))).toEqual([
      {
        kind: 'agent',
        message: 'aider with gpt-5-mini touched 1 file on route auth, which allow agents: claude-code, codex, cursor',
        next: 'Have an allowed agent (claude-code, codex, cursor) or a human redo the change to src/api/auth/x.ts.',
        route: 'auth',
        files: ['src/api/auth/x.ts'],
      },
      {
        kind: 'tier',
        message: 'aider with gpt-5-mini touched 1 file on route auth, which allow tiers: strong',
        next: 'Redo the change with a model from tier strong, or move it out of auth.',
        route: 'auth',
        files: ['src/api/auth/x.ts'],
      },
    ]);
    const gemini = agentCommit(['src/api/auth/x.ts', 'src/api/auth/y.ts'], 'Assisted-by: gemini-cli:gemini-9-mini');
    expect(violations(judge(doc, [gemini]))[0]).toEqual({
      kind: 'agent',
      message: 'gemini-cli with gemini-9-mini touched 2 files on routes api, auth, which allow agents: claude-code, codex',
      next: 'Have an allowed agent (claude-code, codex) or a human redo the change to src/api/auth/x.ts and the others.',
      route: 'api',
      files: ['src/api/auth/x.ts', 'src/api/auth/y.ts'],
    });
  });

  it('says when routes have no tier in common', () => {
    const doc = {
      routes: [
        { name: 'a', paths: ['src/**'], tiers: ['fast'] },
        { name: 'b', paths: ['src/x/**'], tiers: ['strong'] },
      ],
    };
    expect(violations(judge(doc, [agentCommit(['src/x/y.ts'], CURSOR.replace('cursor', 'cursor:other-model'))]))[0]!.message).toBe(
      'cursor with other-model touched 1 file on routes a, b, which allow tiers: none (the routes allow no common value)',
    );
  });

  it('holds no human to tier or agent rules, even on a file an agent also touched', () => {
    const doc = { routes: [{ name: 'auth', paths: ['src/**'], tiers: ['strong'], agents: ['claude-code'] }] };
    expect(judge(doc, [opus(), commit('Fix', ['src/a.ts'], human('bob'))]).violations).toEqual([]);
  });

  it('keeps each agent that names no model apart', () => {
    const doc = { routes: [{ name: 'src', paths: ['src/**'], agents: ['cursor'] }] };
    expect(violations(judge(doc, [agentCommit(['src/a.ts'], CURSOR), agentCommit(['src/a.ts'], CODEX)]))).toMatchObject([
      { kind: 'agent', message: 'codex touched 1 file on route src, which allow agents: cursor' },
    ]);
  });

  it('lists every file one model touched on the same routes in one violation, and files on other routes in another', () => {
    const doc = {
      routes: [
        { name: 'auth', paths: ['src/auth/**'], tiers: ['strong'] },
        { name: 'billing', paths: ['src/billing/**'], tiers: ['strong'] },
      ],
    };
    const fast = agentCommit(['src/auth/a.ts', 'src/auth/b.ts', 'src/billing/c.ts'], aider('gpt-5-mini'));
    const person = commit('Touch up', ['src/auth/b.ts'], human('bob'));
    expect(violations(judge(doc, [fast, person])).map((x) => [x.route, x.files])).toEqual([
      ['auth', ['src/auth/a.ts', 'src/auth/b.ts']],
      ['billing', ['src/billing/c.ts']],
    ]);
  });
});

describe('attribution.unknownModel', () => {
  const routes = [{ name: 'auth', paths: ['src/auth/**'], tiers: ['strong'] }];

  it('deny: refuses an agent commit that names no model on a tier route, and names the tiers', () => {
    expect(violations(judge({ routes, attribution: { unknownModel: 'deny' } }, [agentCommit(['src/auth/a.ts'], CURSOR)]))).toEqual([
      {
        kind: 'unknown-model',
        message: 'cursor names no model but touched 1 file on route auth, which allow tiers: strong',
        next: 'Declare the model (an `Assisted-by: AGENT:MODEL` trailer or a session ledger), or set `attribution.unknownModel` in the policy.',
        route: 'auth',
        files: ['src/auth/a.ts'],
      },
    ]);
  });

  it('matters only on routes that restrict tiers', () => {
    const agentsOnly = [{ name: 'auth', paths: ['src/auth/**'], agents: ['cursor'] }];
    expect(judge({ routes: agentsOnly, attribution: { unknownModel: 'deny' } }, [agentCommit(['src/auth/a.ts'], CURSOR)]).violations).toEqual([]);
  });

  it('a tier name: the commit is taken as a model of that tier', () => {
    expect(judge({ routes, attribution: { unknownModel: 'strong' } }, [agentCommit(['src/auth/a.ts'], CURSOR)]).violations).toEqual([]);
    expect(violations(judge({ routes, attribution: { unknownModel: 'fast' } }, [agentCommit(['src/auth/a.ts'], CURSOR)]))).toMatchObject([
      { kind: 'tier', message: 'cursor touched 1 file on route auth, which allow tiers: strong' },
    ]);
  });

  it('require: adds the proofs to the route and says which agents named no model', () => {
    const doc = {
      routes: [...routes, { name: 'docs', paths: ['docs/**'], tiers: ['strong'] }],
      proofs: { one: { kind: 'review' }, two: { kind: 'review', count: 2 } },
      attribution: { unknownModel: { require: ['one', 'two'] } },
    };
    const v = judge(doc, [agentCommit(['src/auth/a.ts'], CURSOR), agentCommit(['src/auth/b.ts'], CODEX), agentCommit(['docs/x.md'], claude())]);
    expect(v.notes).toEqual(['route auth: codex, cursor named no model, so attribution.unknownModel requires `one`, `two`']);
    expect(v.routes.map((r) => [r.name, r.required])).toEqual([
      ['auth', ['one', 'two']],
      ['docs', []],
    ]);
    expect(judge({ routes }, [agentCommit(['src/auth/a.ts'], claude())]).notes).toEqual([]);
  });
});

describe('the routes of a file', () => {
  const doc = {
    routes: [
      { name: 'auth', paths: ['src/auth/**'], tiers: ['strong'] },
      { name: 'code', paths: ['src/**'] },
      { name: 'docs', paths: ['docs/**'] },
    ],
  };

  it('a renamed file answers to the routes of its old path and its new path, and no others', () => {
    const moved = agentCommit(['docs/login.md'], claude());
    const v = judge(doc, [moved], [renamed('docs/login.md', 'src/auth/login.ts')]);
    expect(v.routes.map((r) => [r.name, r.files])).toEqual([
      ['auth', ['docs/login.md']],
      ['code', ['docs/login.md']],
      ['docs', ['docs/login.md']],
    ]);
    const within = judge(doc, [agentCommit(['docs/b.md'], claude())], [renamed('docs/b.md', 'docs/a.md')]);
    expect(within.routes.map((r) => r.name)).toEqual(['docs']);
  });

  it('are listed in policy order, whatever the order of the files', () => {
    const v = judge(doc, [agentCommit(['docs/a.md', 'src/b.ts', 'lib/c.ts', 'src/auth/d.ts'], claude())]);
    expect(v.routes.map((r) => r.name)).toEqual(['auth', 'code', 'docs', 'default']);
  });

  it('a route gated by no change requires nothing, whatever it lists', () => {
    const v = judge({ proofs: { r: { kind: 'review' } }, routes: [{ name: 'code', paths: ['src/**'], require: ['r'] }] }, [
      commit('Fix', ['src/a.ts'], human('bob')),
    ]);
    expect(v.routes).toEqual([
      {
        name: 'code',
        gated: false,
        files: ['src/a.ts'],
        touches: [{ agent: null, model: null, tiers: [] }],
        required: [],
        allowedTiers: null,
        allowedAgents: null,
      },
    ]);
  });

  it("lists each agent and model once, with the model's tiers", () => {
    const v = judge(doc, [agentCommit(['src/a.ts'], claude()), agentCommit(['src/a.ts'], claude()), agentCommit(['src/a.ts'], CURSOR)]);
    expect(v.routes.find((r) => r.name === 'code')?.touches).toEqual([
      { agent: 'claude-code', model: 'claude-opus-4-6', tiers: ['strong'] },
      { agent: 'cursor', model: null, tiers: [] },
    ]);
  });
});
