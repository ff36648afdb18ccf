/**
 * Ledger files at the PR head are the PR author's to choose: each is read only
 * under 1 MiB, at most 50 of them and 5 MiB in all. The main query lists names
 * and sizes only; a ledger over a cap is never fetched; the receipt says so and
 * does not trust it.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadPullRequest, type LoadOptions } from '../../src/github/load.js';
import { LOAD_LIMITS } from '../../src/limits.js';
import { formatBytes } from '../../src/text.js';
import { defaultPolicy } from '../../src/policy/default.js';
import { addAgentPullRequest } from '../support/fake-github/builders.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const OPTS: LoadOptions = { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' };
const KiB = 1024;
const MiB = 1024 * KiB;
const gh = useFakeGitHub();

/** A JSON Lines ledger of about `bytes` bytes. */
function ledgerOf(bytes: number): string {
  const line = `${JSON.stringify({ session: 's', pad: 'x'.repeat(1000) })}\n`;
  return line.repeat(Math.ceil(bytes / line.length));
}

async function load(number: number) {
  return loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number }, OPTS);
}

function graphqlOperations(): string[] {
  return gh.fake.callsTo({ path: '/graphql' }).map((c) => (c.body as { query: string }).query.match(/query (\w+)/)?.[1] ?? '?');
}

function notesOf(snapshot: Awaited<ReturnType<typeof load>>['snapshot']): string[] {
  return evaluate(defaultPolicy(), snapshot, { now: new Date('2026-11-20T12:00:00Z') }).notes;
}

describe('ledger limits', () => {
  it('are 1 MiB per file, 50 files and 5 MiB in all', () => {
    expect(LOAD_LIMITS).toEqual({ policyBytes: 256 * KiB, ledgerFileBytes: MiB, ledgerFiles: 50, ledgerTotalBytes: 5 * MiB });
    expect([formatBytes(512), formatBytes(300 * KiB), formatBytes(1.5 * MiB), formatBytes(120 * MiB)]).toEqual(['512 bytes', '300 KiB', '1.5 MiB', '120 MiB']);
  });

  it('does not fetch a ledger over 1 MiB, and the receipt says it was not read', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    const big = ledgerOf(1.5 * MiB);
    gh.fake.setFile(repo, headSha, '.proofgate/sessions/x.jsonl', big);
    gh.fake.setFile(repo, headSha, '.proofgate/sessions/y.jsonl', '{"session":"y"}\n');
    // GitHub truncates large blob text in GraphQL; the loader would have to fetch the rest.
    gh.fake.blobTextLimit = 100 * KiB;
    const { snapshot } = await load(pr.number);

    // The pull request, then the one ledger within the limits; the large one's text is never asked for.
    expect(graphqlOperations()).toEqual(['ProofgatePullRequest', 'ProofgateLedgerBlobs']);
    expect(gh.fake.calls.reduce((sum, c) => sum + c.responseBytes, 0)).toBeLessThan(100 * KiB);
    const size = formatBytes(Buffer.byteLength(big));
    expect(snapshot.ledgers).toEqual([
      { kind: 'proofgate-session', path: '.proofgate/sessions/x.jsonl', commitSha: null, content: '', skipped: `${size}, over the 1 MiB limit; not read` },
      { kind: 'proofgate-session', path: '.proofgate/sessions/y.jsonl', commitSha: null, content: '{"session":"y"}\n' },
    ]);
    expect(notesOf(snapshot)).toContain(`ledger .proofgate/sessions/x.jsonl: ${size}, over the 1 MiB limit; not read (not trusted)`);
  });

  it('reads at most 50 ledger files and reports the rest once per directory', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    for (let i = 0; i < 2; i++) gh.fake.setFile(repo, headSha, `.agent-trace/t${i}.jsonl`, '{"version":"0.1"}\n');
    for (let i = 0; i < 51; i++) gh.fake.setFile(repo, headSha, `.proofgate/sessions/s${String(i).padStart(2, '0')}.jsonl`, '{"session":"s"}\n');
    const { snapshot } = await load(pr.number);

    const read = snapshot.ledgers.filter((l) => !l.skipped);
    expect(read).toHaveLength(50);
    expect(snapshot.ledgers.filter((l) => l.skipped)).toEqual([
      {
        kind: 'proofgate-session',
        path: '.proofgate/sessions',
        commitSha: null,
        content: '',
        skipped: '3 more ledger files past the limit of 50 ledger files; not read',
      },
    ]);
    expect(read.map((l) => l.path).slice(-1)).toEqual(['.proofgate/sessions/s47.jsonl']);
    expect(notesOf(snapshot)).toContain('ledger .proofgate/sessions: 3 more ledger files past the limit of 50 ledger files; not read (not trusted)');
  });

  it('stops reading once the ledgers together would pass 5 MiB', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    const each = ledgerOf(900 * KiB);
    for (let i = 0; i < 7; i++) gh.fake.setFile(repo, headSha, `.agent-trace/day${i}.jsonl`, each);
    gh.fake.blobTextLimit = 100 * KiB;
    const { snapshot } = await load(pr.number);

    const read = snapshot.ledgers.filter((l) => !l.skipped);
    expect(read.map((l) => l.path)).toEqual([0, 1, 2, 3, 4].map((i) => `.agent-trace/day${i}.jsonl`));
    expect(read.every((l) => l.content === each)).toBe(true);
    // The listing, the admitted blobs, then one REST fetch per admitted blob whose GraphQL text was cut short.
    expect(gh.fake.calls.map((c) => c.path.replace(/[0-9a-f]{40}$/, ':sha'))).toEqual([
      '/graphql',
      '/graphql',
      ...Array(5).fill('/repos/acme/widgets/git/blobs/:sha'),
    ]);
    const size = formatBytes(Buffer.byteLength(each));
    expect(snapshot.ledgers.filter((l) => l.skipped).map((l) => [l.path, l.skipped])).toEqual([
      ['.agent-trace/day5.jsonl', `${size}; with it the ledger files would total over the 5 MiB limit; not read`],
      ['.agent-trace/day6.jsonl', `${size}; with it the ledger files would total over the 5 MiB limit; not read`],
    ]);
  });
});

describe('the change’s own ledgers first', () => {
  const sessionsAt = (repo: string, headSha: string, names: string[]) => {
    for (const name of names) gh.fake.setFile(repo, headSha, name, '{"session":"s"}\n');
  };
  const named = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `.proofgate/sessions/${prefix}${String(i).padStart(3, '0')}.jsonl`);

  it('reads the ledger the pull request adds before the 60 earlier changes left, whatever its name', async () => {
    const own = '.proofgate/sessions/zzz-this-change.jsonl';
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake, { addedFiles: [own] });
    sessionsAt(repo, headSha, [...named('merged-', 60), own]);
    const { snapshot } = await load(pr.number);

    const read = snapshot.ledgers.filter((l) => !l.skipped).map((l) => l.path);
    expect(read).toEqual([...named('merged-', 49), own]);
    expect(snapshot.ledgers.filter((l) => l.skipped).map((l) => [l.path, l.skipped])).toEqual([
      ['.proofgate/sessions', '11 more ledger files past the limit of 50 ledger files; not read'],
    ]);
  });

  it('costs no more than the limits however many ledger files the change adds: one request for 50 blobs', async () => {
    const own = named('own-', 200);
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake, { addedFiles: own });
    sessionsAt(repo, headSha, [...named('merged-', 200), ...own]);
    const { snapshot } = await load(pr.number);

    // The pull request's pages of files (206 of them), then one request for the admitted blobs.
    expect(graphqlOperations().filter((op) => op !== 'ProofgatePullRequestPage')).toEqual(['ProofgatePullRequest', 'ProofgateLedgerBlobs']);
    const blobs = gh.fake.callsTo({ path: '/graphql' }).find((c) => (c.body as { query: string }).query.includes('query ProofgateLedgerBlobs'));
    const asked = Object.keys((blobs!.body as { variables: Record<string, unknown> }).variables).filter((k) => /^o\d+$/.test(k));
    expect(asked).toHaveLength(LOAD_LIMITS.ledgerFiles);
    expect(snapshot.ledgers.filter((l) => !l.skipped).map((l) => l.path)).toEqual(own.slice(0, 50));
  });
});

describe('the main query', () => {
  it('lists ledger names and sizes without their text: 200 files of 1 MiB cost a few kilobytes', async () => {
    const { repo, pr, headSha } = addAgentPullRequest(gh.fake);
    const big = ledgerOf(MiB - 2 * KiB);
    for (let i = 0; i < 200; i++) gh.fake.setFile(repo, headSha, `.agent-trace/big${String(i).padStart(3, '0')}.jsonl`, big);
    const { snapshot } = await load(pr.number);

    const [listing, blobs, ...rest] = gh.fake.callsTo({ path: '/graphql' });
    expect(rest).toEqual([]);
    expect(listing!.responseBytes).toBeLessThan(64 * KiB);
    // The blob request names only the files the limits admit: five of about 1 MiB make 5 MiB.
    const asked = Object.keys((blobs!.body as { variables: Record<string, unknown> }).variables).filter((k) => /^o\d+$/.test(k));
    expect(asked).toHaveLength(5);
    expect(blobs!.responseBytes).toBeLessThan(LOAD_LIMITS.ledgerTotalBytes + 64 * KiB);
    expect(snapshot.ledgers.filter((l) => !l.skipped)).toHaveLength(5);
  });
});
