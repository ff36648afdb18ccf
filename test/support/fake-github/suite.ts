/**
 * One fake GitHub per test file, reset before each test, with an installation
 * client pointed at it: `const gh = useFakeGitHub()`, then `gh.fake`, `gh.client`.
 */
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './index.js';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export interface FakeGitHubSuite {
  readonly fake: FakeGitHub;
  readonly client: Octokit;
}

export function useFakeGitHub(): FakeGitHubSuite {
  const suite = {} as { fake: FakeGitHub; client: Octokit };
  beforeAll(async () => {
    suite.fake = await startFakeGitHub();
  });
  afterAll(async () => {
    await suite.fake.close();
  });
  beforeEach(() => {
    suite.fake.reset();
    suite.client = new Octokit({ baseUrl: suite.fake.url, auth: 'ghs_fake_installation_1', log: quiet });
  });
  return suite;
}
