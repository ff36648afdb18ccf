/**
 * Which events can change a verdict. A push, a review or a re-run request
 * always can; a finished check run or a commit status only when some check
 * proof of the policy could count it (its name matches and, when the proof is
 * pinned to an app, it comes from that app).
 */
import { nameGlob } from '../engine/glob.js';
import type { CheckProof, PolicyDocument } from '../policy/schema.js';

export type Signal =
  | { kind: 'always' }
  | { kind: 'check-run'; name: string; app: string | null }
  | { kind: 'check-suite'; app: string | null }
  | { kind: 'status'; context: string };

/** The part of a check proof that decides whether a signal could count. */
export type CheckPattern = Pick<CheckProof, 'name' | 'source' | 'app' | 'creator'>;

export function checkPatterns(doc: PolicyDocument): CheckPattern[] {
  return Object.values(doc.proofs).flatMap((p) =>
    p.kind === 'check' ? [{ name: p.name, source: p.source, app: p.app, creator: p.creator }] : [],
  );
}

/** Whether some check proof could count this signal; `always` signals always can. */
export function couldMatter(signal: Signal, patterns: readonly CheckPattern[]): boolean {
  switch (signal.kind) {
    case 'always':
      return true;
    case 'check-run':
      return patterns.some((p) => acceptsRunsFrom(p, signal.app) && nameMatches(p.name, signal.name));
    case 'check-suite':
      // A suite names no runs; it matters when some proof accepts runs from its app.
      return patterns.some((p) => acceptsRunsFrom(p, signal.app));
    case 'status':
      // The status payload does not say who created it, so a creator pin cannot rule it out.
      return patterns.some((p) => p.source !== 'check-run' && (p.creator !== undefined || p.app === undefined) && nameMatches(p.name, signal.context));
  }
}

export function describeSignal(signal: Signal): string {
  switch (signal.kind) {
    case 'always':
      return 'event';
    case 'check-run':
      return `check run "${signal.name}"${signal.app ? ` from ${signal.app}` : ''}`;
    case 'check-suite':
      return `check suite${signal.app ? ` from ${signal.app}` : ''}`;
    case 'status':
      return `status "${signal.context}"`;
  }
}

/** Mirrors the check proof's pins: an app pin admits that app's runs; a creator-only pin admits no runs. */
function acceptsRunsFrom(p: CheckPattern, app: string | null): boolean {
  if (p.source === 'status') return false;
  return p.app !== undefined ? p.app === app : p.creator === undefined;
}

function nameMatches(glob: string, name: string): boolean {
  return nameGlob(glob)(name);
}
