/** `npm run bench` (attribution): agent and model accuracy on the labelled corpus of real history. */
import { loadCorpus, score, type Miss } from './score.js';

const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const list = (misses: Miss[]) => misses.map((m) => `    ${m.where}: expected ${m.expected ?? 'human'}, got ${m.got ?? 'human'}`).join('\n');

export async function run(): Promise<void> {
  const { commits, pullRequests } = loadCorpus();
  const s = score(commits, pullRequests);
  console.log(`commits: ${s.commits} (${s.humanCommits} human, ${s.commits - s.humanCommits} agent)`);
  console.log(`agent accuracy: ${pct(s.agentAccuracy)} (${s.agentCorrect}/${s.commits})`);
  console.log(`false positives: ${s.falsePositives.length}`);
  console.log(`model accuracy: ${pct(s.modelAccuracy)} (${s.modelCorrect}/${s.modelLabelled} commits that name a model)`);
  console.log(`PR descriptions: ${s.pullRequestCorrect}/${s.pullRequests} correct, ${s.pullRequestFalsePositives.length} false positives`);
  if (s.agentMisses.length) console.log(`  agent misses:\n${list(s.agentMisses)}`);
  if (s.modelMisses.length) console.log(`  model misses:\n${list(s.modelMisses)}`);
  if (s.pullRequestMisses.length) console.log(`  PR misses:\n${list(s.pullRequestMisses)}`);
}
