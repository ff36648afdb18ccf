/**
 * Rework: which merged changes were reverted or fixed soon after they landed.
 * The rules (docs/report.md says the same):
 *
 * - A change is **reverted** when a later change within the window says
 *   `This reverts commit <sha>` naming its mainline commit or one of its own
 *   commits (7+ hex digits), or its subject is `Revert "<the change's subject>"`.
 * - A later change is a **fix-up** when its subject starts with `fix`, `fixup!`,
 *   `hotfix` or `bugfix` (also `fix(scope):`) or contains the word `fixes`,
 *   `fixed`, `regression` or `hotfix`. It is charged to the changes it names
 *   as `#N`, when they are in the history; otherwise to the most recent earlier
 *   change within the window that touched one of the same files (ledger files
 *   do not count).
 * - The window is N days after the change's merge (default 14).
 */
import { LEDGER_DIRECTORIES } from '../snapshot.js';
import type { MergedChange } from '../history/load.js';

export interface Rework {
  /** The mainline sha of the change that reverted it. */
  revertedBy: string | null;
  /** Mainline shas of the fix-ups charged to it. */
  fixedBy: string[];
}

const REVERTS_COMMIT = /This reverts commit ([0-9a-f]{7,64})/g;
const REVERT_SUBJECT = /^Revert "(.+)"\s*(\(#\d+\))?\s*$/;
const FIX_START = /^(fix(up!)?|hotfix|bugfix)\b/i;
const FIX_WORD = /\b(fixes|fixed|regression|hotfix)\b/i;
const PR_REFERENCE = /(?:^|[^\w&])#(\d+)\b/g;
const DAY_MS = 24 * 60 * 60 * 1000;
const LEDGER_PREFIXES = Object.values(LEDGER_DIRECTORIES).map((d) => `${d}/`);

export function isFixSubject(subject: string): boolean {
  return FIX_START.test(subject.trim()) || FIX_WORD.test(subject);
}

/** Rework per change, in the same order as `changes` (oldest first). */
export function findRework(changes: MergedChange[], windowDays: number): Rework[] {
  const window = windowDays * DAY_MS;
  const rework: Rework[] = changes.map(() => ({ revertedBy: null, fixedBy: [] }));
  const time = changes.map((c) => Date.parse(c.mergedAt));
  const byNumber = new Map<number, number>();
  const bySubject = new Map<string, number>();
  const shaIndex: Array<{ sha: string; index: number }> = [];
  const lastTouch = new Map<string, number>();

  const within = (target: number, at: number) => target < at && time[at]! - time[target]! <= window && time[at]! >= time[target]!;

  changes.forEach((change, i) => {
    const message = change.message;
    let reverted = false;
    for (const match of message.matchAll(REVERTS_COMMIT)) {
      const prefix = match[1]!;
      const target = shaIndex.find((s) => s.sha.startsWith(prefix));
      if (target && within(target.index, i) && rework[target.index]!.revertedBy === null) {
        rework[target.index]!.revertedBy = change.sha;
        reverted = true;
      }
    }
    const revertSubject = REVERT_SUBJECT.exec(change.subject)?.[1];
    if (!reverted && revertSubject !== undefined) {
      const target = bySubject.get(revertSubject);
      if (target !== undefined && within(target, i) && rework[target]!.revertedBy === null) {
        rework[target]!.revertedBy = change.sha;
        reverted = true;
      }
    }

    if (!reverted && revertSubject === undefined && isFixSubject(change.subject)) {
      const targets = new Set<number>();
      for (const match of message.matchAll(PR_REFERENCE)) {
        const target = byNumber.get(Number(match[1]));
        if (target !== undefined && target !== i && within(target, i)) targets.add(target);
      }
      if (targets.size === 0) {
        let latest = -1;
        for (const file of change.files) {
          if (isLedgerPath(file.path)) continue;
          const last = lastTouch.get(file.path);
          if (last !== undefined && last > latest && within(last, i)) latest = last;
        }
        if (latest >= 0) targets.add(latest);
      }
      for (const target of targets) rework[target]!.fixedBy.push(change.sha);
    }

    if (change.number !== null) byNumber.set(change.number, i);
    bySubject.set(change.subject.replace(/\s*\(#\d+\)\s*$/, ''), i);
    bySubject.set(change.subject, i);
    shaIndex.push({ sha: change.sha, index: i });
    for (const commit of change.commits) if (commit.sha !== change.sha) shaIndex.push({ sha: commit.sha, index: i });
    for (const file of change.files) lastTouch.set(file.path, i);
  });
  return rework;
}

export function isLedgerPath(path: string): boolean {
  return LEDGER_PREFIXES.some((p) => path.startsWith(p));
}
