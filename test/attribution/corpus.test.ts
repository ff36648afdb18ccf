/**
 * The labelled real-history corpus (bench/attribution): attribution must not
 * fall below the figures it reaches today. `npm run bench` prints them.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus, score } from '../../bench/attribution/score.js';

const { commits, pullRequests } = loadCorpus();
const result = score(commits, pullRequests);

describe('attribution on the labelled corpus of real commits and PR descriptions', () => {
  it('is big enough to mean something', () => {
    expect(commits.length).toBeGreaterThanOrEqual(400);
    expect(result.humanCommits).toBeGreaterThanOrEqual(120);
    expect(pullRequests.length).toBeGreaterThanOrEqual(40);
    expect(new Set(commits.map((c) => c.commit)).size).toBe(commits.length);
  });

  it('makes no false positive on human commits or human PR descriptions', () => {
    expect(result.falsePositives).toEqual([]);
    expect(result.pullRequestFalsePositives).toEqual([]);
  });

  it('names the agent for at least 97% of commits and the model for at least 95% of those that name one', () => {
    expect(result.agentAccuracy, JSON.stringify(result.agentMisses, null, 1)).toBeGreaterThanOrEqual(0.97);
    expect(result.modelAccuracy, JSON.stringify(result.modelMisses, null, 1)).toBeGreaterThanOrEqual(0.95);
  });

  it('names the agent of agent-written PR descriptions', () => {
    expect(result.pullRequestMisses).toEqual([]);
  });
});
