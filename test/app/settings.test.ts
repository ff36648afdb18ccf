import { describe, expect, it } from 'vitest';
import { requireWebhookSecret } from '../../src/app/credentials.js';
import { DEFAULT_SETTINGS, settingsFromEnv } from '../../src/app/settings.js';

describe('settingsFromEnv', () => {
  it('takes defaults for what is unset', () => {
    expect(settingsFromEnv({})).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ checkName: 'proofgate', policyPath: '.github/proofgate.yml' });
  });

  it('reads the App id, check name, policy path and cache times', () => {
    expect(
      settingsFromEnv({
        APP_ID: '1234',
        PROOFGATE_CHECK_NAME: 'agent-gate',
        PROOFGATE_POLICY_PATH: '.github/gate.yml',
        PROOFGATE_APP_SLUG: 'my-gate',
        PROOFGATE_TEAM_CACHE_SECONDS: '60',
        PROOFGATE_HINT_CACHE_SECONDS: '0',
      }),
    ).toEqual({
      checkName: 'agent-gate',
      policyPath: '.github/gate.yml',
      appId: 1234,
      appSlug: 'my-gate',
      teamCacheTtlMs: 60_000,
      hintTtlMs: 0,
      maxConcurrentEvaluations: 32,
      maxEvaluationsPerInstallation: 8,
      maxWaitingEvaluations: 1000,
      headRetryDelaysMs: [2_000, 5_000, 10_000],
      decideWithinMs: 4_000,
    });
  });

  it('rejects a bad number with the variable name', () => {
    expect(() => settingsFromEnv({ PROOFGATE_TEAM_CACHE_SECONDS: 'five' })).toThrow(
      'PROOFGATE_TEAM_CACHE_SECONDS must be a number of seconds (0 or more), got "five".',
    );
  });
});

describe('requireWebhookSecret', () => {
  it('refuses credentials without a webhook secret (Probot would fall back to "development")', () => {
    expect(() => requireWebhookSecret({ APP_ID: '1', PRIVATE_KEY: 'k' })).toThrow(/^WEBHOOK_SECRET is not set/);
    expect(() => requireWebhookSecret({ APP_ID: '1', PRIVATE_KEY: 'k', WEBHOOK_SECRET: 's' })).not.toThrow();
    // Without credentials Probot runs its setup flow, which needs no secret yet.
    expect(() => requireWebhookSecret({})).not.toThrow();
  });
});
