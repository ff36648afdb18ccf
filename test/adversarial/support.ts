/**
 * Shared by the attack scenarios: run the engine as the shells do and render
 * the receipt as GitHub would show it, so each scenario can say what the
 * reviewer would see.
 */
import { expect } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Conclusion, Verdict } from '../../src/engine/verdict.js';
import type { Policy } from '../../src/policy/types.js';
import { buildAnnotations } from '../../src/receipt/annotations.js';
import { buildReceipt, type Receipt } from '../../src/receipt/json.js';
import { renderCheckRunOutput, renderMarkdown } from '../../src/receipt/markdown.js';
import type { Snapshot } from '../../src/snapshot.js';
import { liveText, PROOFGATE_TAGS, tableRowCells, tagNames, textOutsideCode, toHtml } from '../support/gfm.js';
import { NOW } from '../support/snapshots.js';

export interface Judged {
  verdict: Verdict;
  receipt: Receipt;
}

export function judge(policy: Policy, snapshot: Snapshot): Judged {
  const verdict = evaluate(policy, snapshot, { now: NOW });
  return { verdict, receipt: buildReceipt(verdict, snapshot) };
}

/** Not green: what every attack must end as, unless the docs say otherwise. */
export const NOT_GREEN: readonly Conclusion[] = ['failure', 'pending'];

/** Characters nobody sees or that reorder what they see. */

const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;
const HIDDEN_BUT_OUR_JOINER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2061-\u2064\u2066-\u2069\ufeff]/u;

/**
 * What a reviewer sees of the check run holds no live link, mention, reference,
 * HTML, broken table or hidden character, and the title carries none of the
 * claims' text and no status mark.
 */
export function expectInertRendering(receipt: Receipt, claims: readonly string[]): void {
  const out = renderCheckRunOutput(receipt);
  for (const summary of [out.summary, renderMarkdown(receipt)]) {
    const html = toHtml(summary);
    expect([...tagNames(html)].filter((t) => !PROOFGATE_TAGS.has(t))).toEqual([]);
    const prose = textOutsideCode(html);
    expect(liveText(prose)).toEqual([]);
    for (const rows of tableRowCells(html)) expect(new Set(rows).size).toBe(1);
    // Outside the receipt JSON block, nothing hidden (U+2060 is the joiner proofgate itself adds).
    const beforeJson = summary.split('<details>')[0]!;
    expect(beforeJson).not.toMatch(HIDDEN_BUT_OUR_JOINER);
  }
  expect(out.title).toMatch(/^[\p{L}\p{N} .,:;'"()/_+=@#&%?!-]+$/u);
  for (const claim of claims) if (claim.length >= 4) expect(out.title).not.toContain(claim);
  for (const a of buildAnnotations(receipt)) {
    expect(a.title).not.toMatch(HIDDEN);
    expect(a.message).not.toMatch(HIDDEN);
  }
}

/** Status marks proofgate puts in the summary for `receipt` itself: a claim must not add any. */
export function expectNoForeignStatusMarks(receipt: Receipt): void {
  const summary = renderCheckRunOutput(receipt).summary;
  const anyPass = receipt.conclusion === 'success' || receipt.proofs.some((p) => p.status === 'pass');
  if (!anyPass) expect(summary).not.toMatch(/✅|✓|✔|☑|🟢/u);
}
