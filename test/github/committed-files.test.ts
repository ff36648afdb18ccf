/**
 * Without git in the Action's workspace, GitHub says which files the commits
 * a checkout may hold have in the `ledger` input's directories: one request,
 * names only, and an error rather than an empty answer when it cannot tell.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { listCommittedFiles } from '../../src/github/committed-files.js';
import { useFakeGitHub } from '../support/fake-github/suite.js';

const gh = useFakeGitHub();
const REPO = { owner: 'acme', repo: 'widgets' };
beforeEach(() => {
  gh.fake.addRepository('acme/widgets');
});

describe('listCommittedFiles', () => {
  it('lists the files directly in each directory at any of the commits, the root included, in one request', async () => {
    const head = gh.fake.setBranch('acme/widgets', 'feature');
    const merge = gh.fake.setBranch('acme/widgets', 'pull/1/merge');
    gh.fake.setFile('acme/widgets', head, '.proofgate/sessions/a.jsonl', 'a\n');
    gh.fake.setFile('acme/widgets', head, '.proofgate/sessions/nested/deep.jsonl', 'd\n');
    gh.fake.setFile('acme/widgets', merge, '.proofgate/sessions/a.jsonl', 'a\n');
    gh.fake.setFile('acme/widgets', merge, '.proofgate/sessions/merged-since.jsonl', 'm\n');
    gh.fake.setFile('acme/widgets', merge, 'trace.jsonl', 't\n');
    gh.fake.setFile('acme/widgets', merge, 'README.md', '# w\n');
    const before = gh.fake.callsTo({ path: '/graphql' }).length;

    const paths = await listCommittedFiles(gh.client, REPO, [head, merge, head], ['.proofgate/sessions', '', 'out']);

    expect([...paths].sort()).toEqual([
      '.proofgate',
      '.proofgate/sessions/a.jsonl',
      '.proofgate/sessions/merged-since.jsonl',
      '.proofgate/sessions/nested',
      'README.md',
      'trace.jsonl',
    ]);
    expect(gh.fake.callsTo({ path: '/graphql' }).length - before).toBe(1);
  });

  it('fails on a commit GitHub does not know, rather than answer that it holds nothing', async () => {
    await expect(listCommittedFiles(gh.client, REPO, ['0'.repeat(40)], ['.proofgate/sessions'])).rejects.toThrow(
      `acme/widgets: GitHub does not know commit ${'0'.repeat(40)}, so proofgate cannot tell which files it holds.`,
    );
  });
});
