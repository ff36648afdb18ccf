import { describe, expect, it } from 'vitest';
import { attribute } from '../../src/attribution/attribute.js';
import { readAgentTrace } from '../../src/attribution/ledgers/agent-trace.js';
import { readGitAiNote } from '../../src/attribution/ledgers/git-ai.js';
import { readSessionLedger, sessionRecordSchema } from '../../src/attribution/ledgers/session.js';
import { BUILTIN_PRICES } from '../../src/attribution/pricing.js';
import type { LedgerSource } from '../../src/snapshot.js';
import { emptySnapshot } from '../../src/snapshot.js';

const SHA = '29621a14663755d02786821133619c1154ed44fd';

const realNote = `agent-support/visualstudio/GitAiVS.sln
  s_61bbcfe4478210::t_3f250d99a5a178 6,16-19
agent-support/visualstudio/src/GitAiVS/GitAiPackage.cs
  s_61bbcfe4478210::t_5b5c682a17b5d3 30
---
{
  "schema_version": "authorship/3.0.0",
  "git_ai_version": "1.5.6",
  "base_commit_sha": "${SHA}",
  "prompts": {},
  "sessions": {
    "s_61bbcfe4478210": {
      "agent_id": {"tool": "cursor", "id": "1fd1858d-9497-4a83-b6c4-aebbc8661cbb", "model": "claude-opus-4-6"},
      "human_author": "Sanjog Gururaj <sanjog@workweave.ai>"
    }
  }
}
`;

const legacyNote = `src/main.rs
  d46277b929576d9f 3-5,7
"docs/with space.md"
  h_0123456789abcd 1-2
  d46277b929576d9f 9
---
{"schema_version":"authorship/3.0.0","base_commit_sha":"f5d5b424","prompts":{"d46277b929576d9f":{"agent_id":{"tool":"claude","id":"b7d963b3-0000","model":"claude-opus-4-6"},"human_author":"Sasha <s@example.com>","total_additions":4,"total_deletions":23,"accepted_lines":4,"overriden_lines":0}}}
`;

const note = (content: string, commitSha: string | null = SHA): LedgerSource => ({
  kind: 'git-ai-note',
  path: 'refs/notes/ai',
  commitSha,
  content,
});

describe('Git AI notes', () => {
  it('reads the real v3 note: files claimed for Cursor with the model', () => {
    const r = readGitAiNote(note(realNote));
    expect(r.problems).toEqual([]);
    expect(r.claims.map((c) => [c.path, c.agent, c.model, c.commitSha])).toEqual([
      ['agent-support/visualstudio/GitAiVS.sln', 'cursor', 'claude-opus-4-6', SHA],
      ['agent-support/visualstudio/src/GitAiVS/GitAiPackage.cs', 'cursor', 'claude-opus-4-6', SHA],
    ]);
    expect(r.commitEvidence).toHaveLength(1);
    expect(r.commitEvidence[0]?.evidence).toMatchObject({ source: 'ledger', agent: 'cursor', model: 'claude-opus-4-6' });
  });

  it('reads legacy prompt keys and quoted paths, and skips human lines', () => {
    const r = readGitAiNote(note(legacyNote));
    expect(r.problems).toEqual([]);
    expect(r.claims.map((c) => [c.path, c.agent, c.model])).toEqual([
      ['src/main.rs', 'claude-code', 'claude-opus-4-6'],
      ['docs/with space.md', 'claude-code', 'claude-opus-4-6'],
    ]);
  });

  it('reports a note without the --- line and trusts none of it', () => {
    const r = readGitAiNote(note('src/a.ts\n  s_61bbcfe4478210::t_3f250d99a5a178 1-2\n{"schema_version":"authorship/3.0.0"}\n'));
    expect(r.claims).toEqual([]);
    expect(r.problems).toEqual([{ source: 'refs/notes/ai@29621a146637', line: null, message: expect.stringContaining("no '---' line") as unknown }]);
  });

  it('reports bad metadata JSON with its line', () => {
    const r = readGitAiNote(note('src/a.ts\n  s_61bbcfe4478210::t_3f250d99a5a178 1-2\n---\n{"schema_version": "authorship/3.0.0",\n'));
    expect(r.claims).toEqual([]);
    expect(r.problems[0]).toMatchObject({ line: 4, message: expect.stringContaining('not valid JSON') as unknown });
  });

  it('reports an unknown schema version', () => {
    const r = readGitAiNote(note('---\n{"schema_version":"authorship/9.0.0","prompts":{}}\n'));
    expect(r.problems[0]?.message).toContain('unsupported Git AI schema_version "authorship/9.0.0"');
  });

  it('reports a key with no record and a malformed range, keeping the good entries', () => {
    const r = readGitAiNote(
      note(realNote.replace('  s_61bbcfe4478210::t_5b5c682a17b5d3 30', '  s_ffffffffffffff::t_5b5c682a17b5d3 30\n  s_61bbcfe4478210::t_1 1-x')),
    );
    expect(r.claims.map((c) => c.path)).toEqual(['agent-support/visualstudio/GitAiVS.sln']);
    expect(r.problems.map((p) => p.line)).toEqual([5, 4]);
  });
});

const specRecord = {
  version: '0.1.0',
  id: '550e8400-e29b-41d4-a716-446655440000',
  timestamp: '2026-01-23T14:30:00Z',
  vcs: { type: 'git', revision: 'a1b2c3d4e5f6' },
  tool: { name: 'cursor', version: '2.4.0' },
  files: [
    {
      path: 'src/utils/parser.ts',
      conversations: [
        {
          url: 'https://api.cursor.com/v1/conversations/12345',
          contributor: { type: 'ai', model_id: 'anthropic/claude-opus-4-5-20251101' },
          ranges: [{ start_line: 42, end_line: 67, content_hash: 'murmur3:9f2e8a1b' }],
        },
      ],
    },
    { path: 'README.md', conversations: [{ contributor: { type: 'human' }, ranges: [{ start_line: 1, end_line: 2 }] }] },
  ],
};
const flatRecord = {
  schema: 'agent-trace/v0.1.0',
  session_id: '1cef1b2f-5b04-4f15-8ddc-0b99eccd21c7',
  file_path: '/Users/someone/code/lazyusage/scripts/build.ts',
  start_line: 2,
  end_line: 2,
  content_hash: 'murmur3:482846216a3a27e69be13c806f0a02d8',
  confidence: 'high',
  tool: 'Edit',
  tool_use_id: 'toolu_01L5rFewz4YaiSs2JQQ2ww3Z',
  timestamp: '2026-06-12T08:45:13.515282+00:00',
};
const trace = (content: string): LedgerSource => ({ kind: 'agent-trace', path: '.agent-trace/traces.jsonl', commitSha: null, content });

describe('Agent Trace', () => {
  it('reads the spec shape: tool as agent, models.dev id normalised, human ranges skipped', () => {
    const r = readAgentTrace(trace(`${JSON.stringify(specRecord)}\n`));
    expect(r.problems).toEqual([]);
    expect(r.claims).toEqual([
      { path: 'src/utils/parser.ts', agent: 'cursor', model: 'claude-opus-4-5', commitSha: 'a1b2c3d4e5f6', source: 'agent-trace:.agent-trace/traces.jsonl:1' },
    ]);
    expect(r.commitEvidence[0]?.commitSha).toBe('a1b2c3d4e5f6');
  });

  it('reads the flattened shape: toolu_ ids mean Claude Code, absolute paths made relative', () => {
    const r = readAgentTrace(trace(`${JSON.stringify(flatRecord)}\n`), ['scripts/build.ts', 'build.ts']);
    expect(r.problems).toEqual([]);
    // Where the repository's root was is unknown: `scripts/build.ts` and `build.ts` are both files it could name.
    expect(r.claims.map((c) => [c.path, c.agent, c.model])).toEqual([
      ['build.ts', 'claude-code', null],
      ['scripts/build.ts', 'claude-code', null],
    ]);
  });

  it('makes an absolute path every known path it ends with, at a segment boundary only', () => {
    const at = (file_path: string, known: string[]) =>
      readAgentTrace(trace(`${JSON.stringify({ ...flatRecord, file_path })}\n`), known)
        .claims.map((c) => c.path)
        .sort();
    const known = ['a.ts', 'src/a.ts', 'lib/src/a.ts', 'b/c.ts'];
    expect(at('/home/me/repo/src/a.ts', known)).toEqual(['a.ts', 'src/a.ts']);
    expect(at('/home/me/repo/lib/src/a.ts', known)).toEqual(['a.ts', 'lib/src/a.ts', 'src/a.ts']);
    expect(at('/src/a.ts', known)).toEqual(['a.ts', 'src/a.ts']);
    // `notsrc/a.ts` does not end with `/src/a.ts`.
    expect(at('/home/me/notsrc/a.ts', known)).toEqual(['a.ts']);
    expect(at('/home/me/xb/c.ts', known)).toEqual(['/home/me/xb/c.ts']);
    expect(at('/home/me/c.ts', known)).toEqual(['/home/me/c.ts']);
    expect(at('./src/a.ts', known)).toEqual(['src/a.ts']);
    expect(at('/home/me/repo//src/./a.ts', known)).toEqual(['a.ts', 'src/a.ts']);
  });

  it('reports a truncated last line and bad JSON, keeping complete records', () => {
    const content = `${JSON.stringify(flatRecord)}\n{not json}\n${JSON.stringify(specRecord).slice(0, 60)}`;
    const r = readAgentTrace(trace(content), ['scripts/build.ts']);
    expect(r.claims).toHaveLength(1);
    expect(r.problems).toEqual([
      { source: '.agent-trace/traces.jsonl', line: 2, message: 'not valid JSON; the record was ignored' },
      { source: '.agent-trace/traces.jsonl', line: 3, message: 'the last line is truncated (not complete JSON); the record was ignored' },
    ]);
  });

  it('reports unknown versions and foreign records', () => {
    const r = readAgentTrace(trace(`${JSON.stringify({ ...specRecord, version: '2.0.0' })}\n{"hello":"world"}\n`));
    expect(r.claims).toEqual([]);
    expect(r.problems.map((p) => [p.line, p.message.split(' (')[0]])).toEqual([
      [1, 'unsupported Agent Trace version "2.0.0"'],
      [2, 'not an Agent Trace record'],
    ]);
  });
});

const sessionLines = [
  { proofgate: 'session/1', id: 'fix-login-42', agent: 'Claude Code', startedAt: '2026-09-01T10:00:00Z' },
  { type: 'step', role: 'plan', model: 'claude-opus-4-6', tokens: { input: 1200, output: 300 }, costUsd: 0.03 },
  {
    type: 'step',
    role: 'execute',
    model: 'claude-haiku-4-5',
    tokens: { input: 5000, output: 2000 },
    costUsd: 0.01,
    files: ['src/login.ts', 'test/login.test.ts'],
  },
  { type: 'validation', name: 'unit tests', command: 'npm test', result: 'fail', at: '2026-09-01T10:05:00Z' },
  { type: 'retry', reason: 'unit tests failed' },
  { type: 'step', role: 'execute', model: 'claude-haiku-4-5', tokens: { input: 800, output: 400 }, costUsd: 0.005, files: ['src/login.ts'] },
  { type: 'validation', name: 'unit tests', command: 'npm test', result: 'pass' },
  { type: 'step', role: 'review', model: 'gpt-5', tokens: { input: 3000, output: 200 }, costUsd: 0.02 },
  { type: 'end', at: '2026-09-01T10:09:00Z', outcome: 'success' },
];
const jsonl = (records: unknown[]): string => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
const session = (content: string, path = '.proofgate/sessions/fix-login-42.jsonl'): LedgerSource => ({
  kind: 'proofgate-session',
  path,
  commitSha: null,
  content,
});

describe('proofgate session ledger', () => {
  it('summarises a session: models per role, tokens, cost, retries, validations, files', () => {
    const r = readSessionLedger(session(jsonl(sessionLines)));
    expect(r.problems).toEqual([]);
    expect(r.sessions).toEqual([
      {
        id: 'fix-login-42',
        source: '.proofgate/sessions/fix-login-42.jsonl',
        agent: 'claude-code',
        steps: [
          { role: 'plan', model: 'claude-opus-4-6' },
          { role: 'execute', model: 'claude-haiku-4-5' },
          { role: 'execute', model: 'claude-haiku-4-5' },
          { role: 'review', model: 'gpt-5' },
        ],
        tokens: { input: 10000, output: 2900, cacheRead: 0, cacheWrite: 0 },
        // Priced from the tokens at the shipped prices, not the ledger's stated 0.065:
        // opus 4.6 1200×$5 + 300×$25, haiku 4.5 5800×$1 + 2400×$5, gpt-5 3000×$1.25 + 200×$10 (per million).
        costUsd: 0.03705,
        cost: { prices: [{ date: BUILTIN_PRICES.date, source: BUILTIN_PRICES.source }], statedUsd: 0, unpriced: [] },
        retries: 1,
        validations: [
          { name: 'unit tests', command: 'npm test', result: 'fail', at: '2026-09-01T10:05:00Z' },
          { name: 'unit tests', command: 'npm test', result: 'pass', at: null },
        ],
        files: ['src/login.ts', 'test/login.test.ts'],
      },
    ]);
    expect(r.claims.map((c) => [c.path, c.agent, c.model])).toEqual([
      ['src/login.ts', 'claude-code', 'claude-haiku-4-5'],
      ['test/login.test.ts', 'claude-code', 'claude-haiku-4-5'],
    ]);
  });

  it('reports a truncated last line and the missing end record', () => {
    const text = jsonl(sessionLines.slice(0, 5)) + JSON.stringify(sessionLines[5]).slice(0, 30);
    const r = readSessionLedger(session(text));
    expect(r.sessions[0]?.retries).toBe(1);
    expect(r.problems).toEqual([
      { source: '.proofgate/sessions/fix-login-42.jsonl', line: 6, message: 'the last line is truncated (not complete JSON); the record was ignored' },
      { source: '.proofgate/sessions/fix-login-42.jsonl', line: null, message: 'session ledger has no end record; it may be incomplete or truncated' },
    ]);
  });

  it('rejects an unknown version and a missing header', () => {
    const v3 = readSessionLedger(session(jsonl([{ ...sessionLines[0], proofgate: 'session/3' }, ...sessionLines.slice(1)])));
    expect(v3.sessions).toEqual([]);
    expect(v3.problems[0]?.message).toContain('unsupported session ledger version "session/3"');
    const headless = readSessionLedger(session(jsonl(sessionLines.slice(1))));
    expect(headless.sessions).toEqual([]);
    expect(headless.problems[0]?.message).toContain('not a valid session ledger header');
    expect(readSessionLedger(session('')).problems[0]?.message).toContain('no header record');
  });

  it('reports invalid records by line and ignores them', () => {
    const records: unknown[] = [...sessionLines];
    records.splice(4, 1, { type: 'validation', name: 'lint', result: 'maybe' }, { type: 'teleport' });
    const r = readSessionLedger(session(jsonl(records)));
    expect(r.sessions[0]?.retries).toBe(0);
    expect(r.problems.map((p) => [p.line, p.message.slice(0, 23)])).toEqual([
      [5, 'invalid session record '],
      [6, 'invalid session record '],
    ]);
  });

  it('marks a session read only in part when a record budgets or ledger proofs count is dropped', () => {
    const invalid: unknown[] = [...sessionLines];
    invalid.splice(4, 1, { type: 'validation', name: 'lint', result: 'maybe' }, { type: 'teleport' });
    expect(readSessionLedger(session(jsonl(invalid))).sessions[0]?.unread).toBe(
      'line 5 holds a validation record that is not valid (result: Invalid option: expected one of "pass"|"fail")',
    );
    const afterEnd = jsonl([...sessionLines, { type: 'retry', reason: 'again' }, { type: 'retry', reason: 'and again' }]);
    expect(readSessionLedger(session(afterEnd)).sessions[0]?.unread).toBe('line 10 holds a retry record after the end record, and 1 more lines were not read');
    const junk = jsonl(sessionLines.slice(0, 3)) + '{"type":"retry",\n' + jsonl(sessionLines.slice(3));
    expect(readSessionLedger(session(junk)).sessions[0]?.unread).toBe('line 4 is not valid JSON');
    const headerKey: unknown[] = [...sessionLines];
    headerKey.splice(4, 0, { proofgate: 'session/1', type: 'retry', reason: 'tests failed' });
    expect(readSessionLedger(session(jsonl(headerKey))).sessions[0]?.unread).toBe("line 5 holds a retry record with a header's `proofgate` key");
  });

  it('reads a session whole when only records nothing counts are dropped: a type of its own, a second header', () => {
    const records: unknown[] = [...sessionLines];
    records.splice(4, 0, { type: 'note', text: 'lunch' }, sessionLines[0]);
    const r = readSessionLedger(session(jsonl(records)));
    expect(r.problems).toHaveLength(2);
    expect(r.sessions[0]?.unread).toBeUndefined();
    expect(r.unread).toBeUndefined();
  });

  it('says why a session ledger was ignored whole, unless it is empty', () => {
    expect(readSessionLedger(session(jsonl([{ ...sessionLines[0], proofgate: 'session/3' }, ...sessionLines.slice(1)]))).unread).toBe(
      'unsupported session ledger version "session/3" on line 1',
    );
    expect(readSessionLedger(session(jsonl(sessionLines.slice(1)))).unread).toMatch(/^its first record is not a valid session ledger header \(/);
    expect(readSessionLedger(session('not json\n')).unread).toBe('it has no header record');
    expect(readSessionLedger(session('')).unread).toBeUndefined();
    expect(readSessionLedger(session(jsonl(sessionLines))).unread).toBeUndefined();
  });

  it('reports a header id that differs from the file name', () => {
    const r = readSessionLedger(session(jsonl(sessionLines), '.proofgate/sessions/other.jsonl'));
    expect(r.problems[0]?.message).toBe('header id "fix-login-42" does not match the file name other.jsonl');
  });

  it('exports a zod schema for records', () => {
    expect(sessionRecordSchema.safeParse({ type: 'retry', reason: 'flaky' }).success).toBe(true);
    expect(sessionRecordSchema.safeParse({ type: 'step', role: 'Plan!', model: null }).success).toBe(false);
  });
});

describe('attribute merges ledgers into commits', () => {
  const snap = emptySnapshot('0'.repeat(40), SHA);
  const jane = { name: 'Jane Dev', email: 'jane@example.com', login: null, isBot: false };
  const commit = (sha: string, message: string) => ({
    sha,
    message,
    author: jane,
    committer: jane,
    parents: [],
    authoredAt: null,
    files: null,
    signature: null,
  });
  snap.commits = [
    commit(SHA, 'Add VS extension\n\nCo-authored-by: Cursor <cursoragent@cursor.com>\n'),
    commit('a1b2c3d4e5f6'.padEnd(40, '0'), 'Tidy parser'),
    commit('c'.repeat(40), 'Hand-written change'),
  ];
  snap.ledgers = [note(realNote), trace(`${JSON.stringify(specRecord)}\n`), session(jsonl(sessionLines))];

  it('a Git AI note gives a trailer-attributed commit its model; Agent Trace attributes a silent commit', () => {
    const r = attribute(snap, { unattributed: 'human' });
    expect(r.commits.map((c) => [c.agent, c.model])).toEqual([
      ['cursor', 'claude-opus-4-6'],
      ['cursor', 'claude-opus-4-5'],
      [null, null],
    ]);
    expect(r.commits[0]?.evidence.map((e) => e.source)).toEqual(['trailer', 'ledger']);
    expect(r.fileClaims.find((c) => c.path === 'src/utils/parser.ts')?.commitSha).toBe(snap.commits[1]?.sha);
    expect(r.sessions.map((s) => s.id)).toEqual(['fix-login-42']);
    expect(r.problems).toEqual([]);
  });

  it('an abbreviated sha names the commit it is a prefix of, in any case, also among commits that share seven characters', () => {
    const twins = { ...snap, commits: [commit('abcdef1'.padEnd(40, '1'), 'One'), commit('abcdef1'.padEnd(40, '2'), 'Two'), commit('c'.repeat(40), 'Three')] };
    const claimOn = (revision: string) => {
      const line = JSON.stringify({ ...flatRecord, file_path: 'src/a.ts', revision });
      return attribute({ ...twins, ledgers: [trace(`${line}\n`)] }, { unattributed: 'human' });
    };
    expect(claimOn('ABCDEF12').fileClaims[0]?.commitSha).toBe(twins.commits[1]!.sha);
    expect(claimOn('abcdef12').commits.map((c) => c.agent)).toEqual([null, 'claude-code', null]);
    // Seven characters both share: the first listed, as before.
    expect(claimOn('abcdef1').fileClaims[0]?.commitSha).toBe(twins.commits[0]!.sha);
    // Six characters name no commit.
    expect(claimOn('abcdef').fileClaims[0]?.commitSha).toBe('abcdef');
    expect(claimOn('abcdef').commits.map((c) => c.agent)).toEqual([null, null, null]);
  });

  it('trailers outrank a ledger that disagrees', () => {
    const other = { ...snap, ledgers: [note(realNote.replace('"tool": "cursor"', '"tool": "codex"'))] };
    const r = attribute(other, { unattributed: 'human' });
    expect(r.commits[0]?.agent).toBe('cursor');
    expect(r.commits[0]?.models).toEqual(['claude-opus-4-6']);
  });

  it('a malformed ledger is a problem in the result, never an exception', () => {
    const bad = { ...snap, ledgers: [note('garbage'), trace('{"truncated'), session('[]\n')] };
    const r = attribute(bad, { unattributed: 'human' });
    expect(r.problems.map((p) => p.source)).toEqual(['refs/notes/ai@29621a146637', '.agent-trace/traces.jsonl', '.proofgate/sessions/fix-login-42.jsonl']);
    expect(r.commits[0]?.agent).toBe('cursor');
  });
});
