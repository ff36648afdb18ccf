import { describe, expect, it } from 'vitest';
import { signalProofs, couldMatter } from '../../src/app/relevance.js';
import { policySchema, type Proof } from '../../src/policy/schema.js';

const patterns = (proofs: Record<string, unknown>): Proof[] => signalProofs(policySchema.parse({ version: 1, proofs }));

describe('couldMatter', () => {
  const p = patterns({
    tests: { kind: 'check', name: 'ci / test*', app: 'github-actions' },
    lint: { kind: 'check', name: 'lint', source: 'status' },
    deploy: { kind: 'check', name: 'deploy', creator: 'deploy-bot' },
    review: { kind: 'review' },
  });

  it.each([
    [{ kind: 'always' } as const, true],
    [{ kind: 'check-run', name: 'ci / test (20.x)', app: 'github-actions' } as const, true],
    [{ kind: 'check-run', name: 'ci / test (20.x)', app: 'evil-ci' } as const, false],
    [{ kind: 'check-run', name: 'ci / build', app: 'github-actions' } as const, false],
    [{ kind: 'check-run', name: 'lint', app: 'github-actions' } as const, false],
    [{ kind: 'check-run', name: 'deploy', app: 'github-actions' } as const, false],
    [{ kind: 'check-suite', app: 'github-actions' } as const, true],
    [{ kind: 'check-suite', app: 'codecov' } as const, false],
    [{ kind: 'status', context: 'lint' } as const, true],
    [{ kind: 'status', context: 'deploy' } as const, true],
    [{ kind: 'status', context: 'ci / test' } as const, false],
  ])('%o → %s', (signal, expected) => {
    expect(couldMatter(signal, p)).toBe(expected);
  });

  it('nothing but "always" matters to a policy without check proofs', () => {
    expect(couldMatter({ kind: 'check-suite', app: 'github-actions' }, [])).toBe(false);
    expect(couldMatter({ kind: 'always' }, [])).toBe(true);
  });
});
