/**
 * The CLI's terminal verdict: conclusion first, then per route what was touched,
 * by which models, and what proof was found; violations with next steps; commits.
 * Text from the PR head has its control and invisible characters written as
 * visible `\u{…}` escapes, so it cannot drive the terminal or hide what it is,
 * and `##[` as `#\u{23}[`, so it cannot issue a workflow command in a CI log.
 */
import { agentLabel, commitTally, CONCLUSION_LABEL, plural, routeNextSteps, routeProofs, strongestEvidence, touchLabel } from './describe.js';
import { clip, inertInLog, shortSha, visible } from './escape.js';
import { formatCount } from '../text.js';
import type { Receipt } from './json.js';

const FILES_SHOWN = 20;
const COMMITS_SHOWN = 100;
const PROOF_MARK = { pass: '✓', fail: '✗', pending: '…' } as const;

/** One line of untrusted text, safe for a terminal and for a CI log (the CLI runs in workflows too). */
function t(text: string, max = 300): string {
  return inertInLog(clip(visible(text), max));
}

export function renderText(receipt: Receipt): string {
  const r = receipt;
  const out: string[] = [];
  out.push(`proofgate: ${(CONCLUSION_LABEL[r.conclusion] ?? t(String(r.conclusion), 20)).toUpperCase()} — ${t(r.title)}`);
  out.push(`policy: ${t(r.policy.path)} (${t(r.policy.origin, 20)}${r.policy.ref ? ` at ${t(shortSha(r.policy.ref), 12)}` : ''})`);
  out.push(`range: ${t(shortSha(r.base.sha), 12)}..${t(shortSha(r.head.sha), 12)}, ${plural(r.changes.files, 'file')}, ${plural(r.changes.commits, 'commit')}`);
  if (r.changes.truncated.files || r.changes.truncated.commits) {
    out.push('warning: the loader could not list every file or commit of this change; the rest is not passed.');
  }

  if (r.policyErrors.length > 0) {
    out.push('', `Policy errors (${r.policyErrors.length}):`);
    for (const e of r.policyErrors) {
      out.push(`  ${t(e.file)}:${e.line}:${e.column}: ${t(e.message)}${e.path ? ` at ${t(e.path, 100)}` : ''}${e.hint ? ` (${t(e.hint)})` : ''}`);
    }
  }

  const touched = r.routes.filter((route) => route.files.length > 0);
  if (touched.length > 0) out.push('', 'Routes:');
  for (const route of touched) {
    out.push(`  ${t(route.name, 80)} (${plural(route.files.length, 'file')})${route.gated ? '' : ' — not gated'}`);
    const files = route.files.slice(0, FILES_SHOWN).map((f) => t(f, 200));
    const rest = route.files.length - files.length;
    out.push(`    files:  ${files.join(', ')}${rest > 0 ? `, and ${formatCount(rest)} more (see --format json)` : ''}`);
    const models = [...new Set(route.touches.map(touchLabel))].map((m) => t(m, 120));
    out.push(`    models: ${models.length ? models.join(', ') : 'none'}`);
    const proofs = routeProofs(r, route);
    if (proofs.length === 0) out.push('    proofs: none required');
    for (const { name, proof } of proofs) {
      if (!proof) out.push(`    proof ? ${t(name, 80)}: not evaluated`);
      else out.push(`    proof ${PROOF_MARK[proof.status] ?? '?'} ${t(name, 80)} (${proof.kind}, ${proof.status}): ${t(proof.reason)}`);
    }
    if (route.gated) for (const step of routeNextSteps(r, route)) out.push(`    next:   ${t(step)}`);
  }
  if (touched.length === 0 && r.policyErrors.length === 0) out.push('', 'No route matched a changed file.');

  if (r.violations.length > 0) {
    out.push('', `Violations (${r.violations.length}):`);
    r.violations.forEach((v, i) => {
      const where = [v.route ? `route ${t(v.route, 80)}` : null, v.commit ? `commit ${t(shortSha(v.commit), 12)}` : null].filter(Boolean).join(', ');
      out.push(`  ${i + 1}. [${t(v.kind, 20)}] ${t(v.message)}${where ? ` (${where})` : ''}`);
      if (v.files.length > 0) {
        const files = v.files.slice(0, 5).map((f) => t(f, 200));
        out.push(`     files: ${files.join(', ')}${v.files.length > 5 ? `, and ${v.files.length - 5} more` : ''}`);
      }
      out.push(`     next: ${t(v.next)}`);
    });
  }

  const commits = r.attribution.commits;
  if (commits.length > 0) {
    // What a reviewer needs first: the agent commits (violations are above); the rest are counted.
    const agentCommits = commits.filter((c) => c.agent !== null);
    out.push('', `Commits (${t(commitTally(commits), 400)}):`);
    for (const c of agentCommits.slice(0, COMMITS_SHOWN)) {
      const e = strongestEvidence(c);
      const evidence = e ? `${e.source}, ${e.strength}: ${t(e.detail, 120)}` : 'no evidence';
      out.push(`  ${t(shortSha(c.sha), 12)}  ${t(agentLabel(c.agent), 40)}  ${c.model ? t(c.model, 60) : '-'}  (${evidence})`);
    }
    const hiddenAgent = agentCommits.length - Math.min(agentCommits.length, COMMITS_SHOWN);
    if (hiddenAgent > 0) out.push(`  and ${plural(hiddenAgent, 'more agent commit')} (see --format json)`);
    const humans = commits.length - agentCommits.length;
    if (humans > 0) out.push(`  ${plural(humans, 'commit')} with no AI evidence (human) not listed (see --format json)`);
  }

  if (r.attribution.problems.length > 0) {
    out.push('', `Ledger problems (${r.attribution.problems.length}):`);
    for (const p of r.attribution.problems) out.push(`  ${t(p.source, 200)}${p.line !== null ? `:${p.line}` : ''}: ${t(p.message)}`);
  }
  if (r.notes.length > 0) {
    out.push('', 'Notes:');
    for (const n of r.notes) out.push(`  - ${t(n)}`);
  }
  out.push('', `receipt ${t(r.digest, 80)} (proofgate ${t(r.tool.version, 40)}, evaluated ${t(r.evaluatedAt, 40)})`);
  return out.join('\n') + '\n';
}
