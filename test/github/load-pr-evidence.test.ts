import { describe, expect, it } from 'vitest';
import { attribute } from '../../src/attribution/attribute.js';
import { loadPullRequest, type LoadOptions } from '../../src/github/load.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const OPTS: LoadOptions = { policyPath: '.github/proofgate.yml', checkName: 'proofgate', appSlug: 'proofgate' };
const gh = useFakeGitHub();
const human = { name: 'Alice Example', email: 'alice@example.com', login: 'alice' };

describe('PR-level evidence from the one GraphQL query', () => {
  it('loads the description and the bot author’s database id, and attributes commits without evidence from them', async () => {
    gh.fake.addRepository('acme/widgets');
    const pr = gh.fake.addPullRequest({
      repo: 'acme/widgets',
      title: 'Fix the flaky test',
      body: 'Fixes the flaky test.\n\n<!-- START COPILOT CODING AGENT TIPS -->\n---\n\n💬 Share your feedback on Copilot coding agent for the next time.',
      // The Copilot coding agent opens PRs as the bot `Copilot`; a renamed login still carries its id.
      author: { login: 'Copilot', type: 'Bot', id: 198982749 },
      commits: [
        { message: 'Fix the flaky test', author: human, committer: human },
        { message: 'Tidy\n\nCo-authored-by: Codex <noreply@openai.com>\n', author: human, committer: human },
      ],
      files: [{ path: 'test/flaky.test.ts' }],
    });

    const { snapshot } = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);

    expect(gh.fake.calls).toHaveLength(1);
    expect(snapshot.pullRequest?.author).toEqual({ login: 'Copilot[bot]', isBot: true, id: 198982749 });
    expect(snapshot.pullRequest?.body).toContain('Share your feedback on Copilot coding agent');
    const [first, second] = attribute(snapshot, { unattributed: 'human' }).commits;
    expect(first).toMatchObject({ agent: 'github-copilot', model: null });
    expect(first?.evidence.map((e) => e.source)).toEqual(['pull-request', 'pull-request']);
    expect(first?.evidence[0]?.detail).toBe('PR author Copilot[bot], account 198982749');
    // A commit's own claim names its agent; the account that opened the pull request is listed too (it touches as Copilot as well).
    expect(second).toMatchObject({ agent: 'codex' });
    expect(second?.evidence.map((e) => e.source)).toEqual(['trailer', 'pull-request']);
  });

  it('leaves a human PR’s commits human', async () => {
    gh.fake.addRepository('acme/widgets');
    const pr = gh.fake.addPullRequest({
      repo: 'acme/widgets',
      body: 'We stop adding "Generated with Claude Code" to release notes.',
      author: { login: 'alice', type: 'User' },
      commits: [{ message: 'Release notes', author: human, committer: human }],
      files: [{ path: 'CHANGELOG.md' }],
    });
    const { snapshot } = await loadPullRequest(gh.client, { owner: 'acme', repo: 'widgets', number: pr.number }, OPTS);
    expect(attribute(snapshot, { unattributed: 'human' }).commits[0]).toMatchObject({ agent: null, evidence: [] });
  });
});
