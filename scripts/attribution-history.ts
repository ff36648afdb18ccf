/**
 * Full-history attribution run (not part of CI): attributes every non-merge
 * commit of one or more git repositories, counts commits per agent, and lists
 * where proofgate and a crude independent check disagree, for a person to read.
 *
 *   npm run build && node build/scripts/attribution-history.js /path/to/repo.git [...]
 *
 * The crude check says "agent" when the message or an identity mentions a
 * known agent address or bot account anywhere, case-insensitively, and
 * "human" otherwise; it over-reports on purpose (prose, quoting), so every
 * disagreement is a commit worth reading, not a proofgate error by itself.
 */
import { execFileSync } from 'node:child_process';
import { attributeCommit } from '../src/attribution/attribute.js';
import { AGENTS } from '../src/attribution/agents.js';

const RECORD = '\u001e';
const FIELD = '\u001f';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const crude = new RegExp(
  [
    ...[
      ...AGENTS.flatMap((a) => a.emails),
      ...AGENTS.flatMap((a) => a.logins.filter((l) => l.endsWith('[bot]'))),
      ...AGENTS.flatMap((a) => a.noreplyIds),
      'made-with: cursor',
      ' (aider)',
    ].map(escape),
    'generated with \\[?claude code',
  ].join('|'),
  'i',
);

for (const gitDir of process.argv.slice(2)) {
  const log = execFileSync(
    'git',
    ['--git-dir', gitDir, 'log', '--all', '--no-merges', `--format=${RECORD}%H${FIELD}%an${FIELD}%ae${FIELD}%cn${FIELD}%ce${FIELD}%B`],
    {
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    },
  );
  const perAgent = new Map<string, number>();
  const disagreements: Array<{ sha: string; proofgate: string; crude: string; subject: string }> = [];
  let total = 0;
  for (const record of log.split(RECORD)) {
    const [sha, an, ae, cn, ce, ...rest] = record.split(FIELD);
    if (!sha || rest.length === 0) continue;
    total++;
    const message = rest.join(FIELD);
    const who = (name = '', email = '') => ({ name, email, login: null, isBot: false });
    const r = attributeCommit({ message, author: who(an, ae), committer: who(cn, ce) });
    const label = r.agent ?? 'human';
    perAgent.set(label, (perAgent.get(label) ?? 0) + 1);
    const crudeAgent = crude.test(`${an} ${ae} ${cn} ${ce}\n${message}`);
    if (crudeAgent !== (r.agent !== null)) {
      disagreements.push({ sha: sha.trim(), proofgate: label, crude: crudeAgent ? 'agent' : 'human', subject: message.split('\n')[0]?.slice(0, 100) ?? '' });
    }
  }
  console.log(`\n== ${gitDir}: ${total} commits`);
  for (const [agent, n] of [...perAgent.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${agent.padEnd(20)} ${n}`);
  console.log(`  disagreements with the crude check: ${disagreements.length}`);
  for (const d of disagreements) console.log(`    ${d.sha.slice(0, 12)} proofgate=${d.proofgate} crude=${d.crude}  ${d.subject}`);
}
