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

  it.each([
    ['an unpinned check proof: any App', { kind: 'check', name: 'build' }, { kind: 'check-run', name: 'build', app: 'codecov' }, true],
    ['an unpinned check proof: its suites', { kind: 'check', name: 'build' }, { kind: 'check-suite', app: 'codecov' }, true],
    ['an unpinned check proof: statuses', { kind: 'check', name: 'build' }, { kind: 'status', context: 'build' }, true],
    ['a check-run-only proof: no status', { kind: 'check', name: 'build', source: 'check-run' }, { kind: 'status', context: 'build' }, false],
    ['a status-only proof: no check run', { kind: 'check', name: 'build', source: 'status' }, { kind: 'check-run', name: 'build', app: null }, false],
    ['a status-only proof: no suite', { kind: 'check', name: 'build', source: 'status' }, { kind: 'check-suite', app: null }, false],
    ['both pins: the pinned App', { kind: 'check', name: 'build', app: 'ci', creator: 'ci-bot' }, { kind: 'check-run', name: 'build', app: 'ci' }, true],
    ['both pins: a status', { kind: 'check', name: 'build', app: 'ci', creator: 'ci-bot' }, { kind: 'status', context: 'build' }, true],
    ['both pins: another App', { kind: 'check', name: 'build', app: 'ci', creator: 'ci-bot' }, { kind: 'check-run', name: 'build', app: 'evil' }, false],
  ] as const)('%s', (_what, proof, signal, expected) => {
    expect(couldMatter(signal, patterns({ p: proof }))).toBe(expected);
  });

  it('nothing but "always" matters to a policy without check proofs', () => {
    expect(couldMatter({ kind: 'check-suite', app: 'github-actions' }, [])).toBe(false);
    expect(couldMatter({ kind: 'always' }, [])).toBe(true);
  });
});
