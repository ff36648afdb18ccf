/**
 * Scores attribution against the labelled corpus in this directory: real
 * commits and pull-request descriptions from public repositories, each label
 * set by reading the commit or description (see README.md).
 */
import { readFileSync } from 'node:fs';
import { attributeCommit, decide, pullRequestEvidence } from '../../src/attribution/attribute.js';
import type { Identity } from '../../src/snapshot.js';

export interface CorpusCommit {
  repo: string;
  commit: string;
  author: { name: string; email: string };
  committer: { name: string; email: string };
  message: string;
  label: { agent: string | null; model: string | null };
  kind: string;
  note?: string;
}

export interface CorpusPullRequest {
  repo: string;
  number: number;
  url: string;
  author: { login: string; isBot: boolean; id?: number | null } | null;
  body: string;
  label: { agent: string | null };
  source: string;
}

export interface Miss {
  where: string;
  expected: string | null;
  got: string | null;
}

export interface Score {
  commits: number;
  humanCommits: number;
  agentCorrect: number;
  agentAccuracy: number;
  falsePositives: Miss[];
  modelLabelled: number;
  modelCorrect: number;
  modelAccuracy: number;
  agentMisses: Miss[];
  modelMisses: Miss[];
  pullRequests: number;
  pullRequestCorrect: number;
  pullRequestFalsePositives: Miss[];
  pullRequestMisses: Miss[];
}

const dir = new URL('.', import.meta.url);

export function loadCorpus(): { commits: CorpusCommit[]; pullRequests: CorpusPullRequest[] } {
  // The JSON lives next to the sources; the compiled copy under build/ reads it from the repository.
  const base = dir.pathname.includes('/build/') ? new URL('../../../bench/attribution/', dir) : dir;
  return {
    commits: JSON.parse(readFileSync(new URL('commits.json', base), 'utf8')) as CorpusCommit[],
    pullRequests: JSON.parse(readFileSync(new URL('pull-requests.json', base), 'utf8')) as CorpusPullRequest[],
  };
}

const identity = (i: { name: string; email: string }): Identity => ({ name: i.name, email: i.email, login: null, isBot: false });

export function score(commits: CorpusCommit[], pullRequests: CorpusPullRequest[]): Score {
  const falsePositives: Miss[] = [];
  const agentMisses: Miss[] = [];
  const modelMisses: Miss[] = [];
  let agentCorrect = 0;
  let modelLabelled = 0;
  let modelCorrect = 0;
  for (const c of commits) {
    const got = attributeCommit({ message: c.message, author: identity(c.author), committer: identity(c.committer) });
    const where = `${c.repo}@${c.commit.slice(0, 12)}`;
    if (got.agent === c.label.agent) agentCorrect++;
    else {
      agentMisses.push({ where, expected: c.label.agent, got: got.agent });
      if (c.label.agent === null) falsePositives.push({ where, expected: null, got: got.agent });
    }
    if (c.label.model !== null) {
      modelLabelled++;
      if (got.model === c.label.model) modelCorrect++;
      else modelMisses.push({ where, expected: c.label.model, got: got.model });
    }
  }
  const pullRequestFalsePositives: Miss[] = [];
  const pullRequestMisses: Miss[] = [];
  let pullRequestCorrect = 0;
  for (const pr of pullRequests) {
    const got = decide(pullRequestEvidence({ author: pr.author, body: pr.body })).agent;
    if (got === pr.label.agent) pullRequestCorrect++;
    else {
      const miss = { where: pr.url, expected: pr.label.agent, got };
      pullRequestMisses.push(miss);
      if (pr.label.agent === null) pullRequestFalsePositives.push(miss);
    }
  }
  return {
    commits: commits.length,
    humanCommits: commits.filter((c) => c.label.agent === null).length,
    agentCorrect,
    agentAccuracy: agentCorrect / commits.length,
    falsePositives,
    modelLabelled,
    modelCorrect,
    modelAccuracy: modelLabelled === 0 ? 1 : modelCorrect / modelLabelled,
    agentMisses,
    modelMisses,
    pullRequests: pullRequests.length,
    pullRequestCorrect,
    pullRequestFalsePositives,
    pullRequestMisses,
  };
}
