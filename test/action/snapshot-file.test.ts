import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSnapshotFile } from '../../src/action/report.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { defaultPolicy } from '../../src/policy/default.js';
import { buildReceipt } from '../../src/receipt/json.js';
import { snapshotDigest } from '../../src/receipt/replay.js';
import { emptySnapshot } from '../../src/snapshot.js';

const dir = mkdtempSync(path.join(tmpdir(), 'proofgate-snapshot-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Action snapshot file', () => {
  const snapshot = emptySnapshot('a'.repeat(40), 'b'.repeat(40));
  const receipt = buildReceipt(evaluate(defaultPolicy(), snapshot, { now: new Date('2026-10-01T00:00:00Z') }), snapshot);

  it('is the snapshot the receipt names', async () => {
    const file = await writeSnapshotFile(receipt, snapshot, dir);
    expect(file).toBe(path.join(dir, 'proofgate-snapshot.json'));
    expect(snapshotDigest(JSON.parse(readFileSync(file!, 'utf8')))).toBe(receipt.snapshotDigest);
  });

  it('is not written when the snapshot is not the one the receipt was computed from', async () => {
    const other = { ...snapshot, head: { ref: null, sha: 'c'.repeat(40) } };
    const sub = mkdtempSync(path.join(dir, 'other-'));
    expect(await writeSnapshotFile(receipt, other, sub)).toBeNull();
    expect(existsSync(path.join(sub, 'proofgate-snapshot.json'))).toBe(false);
  });
});
