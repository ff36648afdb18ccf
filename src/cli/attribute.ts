/** `proofgate attribute`: explain how one commit message would be attributed. */
import { attributeCommit, decide, pullRequestEvidence } from '../attribution/attribute.js';
import { parseTrailers } from '../attribution/trailers.js';
import { identity } from '../local/parse.js';
import type { Identity } from '../snapshot.js';
import { parseCommandArgs, parseIdentityFlag } from './args.js';
import { CliError, EXIT, println, readAll, type CliIo } from './io.js';
import { pullRequestHelp, PULL_REQUEST_OPTIONS, readPullRequestClaim } from './pull-request-flags.js';

export const ATTRIBUTE_HELP = `Usage: proofgate attribute [--author "Name <email>"] [--committer "Name <email>"]
                           [--pr-body FILE] [--pr-author LOGIN] < MESSAGE

Reads one commit message on stdin and prints, as JSON, the trailers git would
parse from it and the agent, model and evidence proofgate attributes to it.
With --pr-body or --pr-author, a commit with no evidence of its own takes the
pull request's (source \`pull-request\`, never a model), as in a PR check.

  --author "Name <email>"      the commit's author (identity evidence)
  --committer "Name <email>"   the commit's committer (default: the author)
${pullRequestHelp(31, false)}  -h, --help                   show this help

Example:
  git log -1 --format=%B | proofgate attribute --author "$(git log -1 --format='%an <%ae>')"
`;

export async function attributeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('attribute', argv, { author: { type: 'string' }, committer: { type: 'string' }, ...PULL_REQUEST_OPTIONS }, 0);
  if (values.help) {
    io.stdout.write(ATTRIBUTE_HELP);
    return EXIT.success;
  }
  const author = values.author === undefined ? NO_IDENTITY : toIdentity('--author', values.author);
  const committer = values.committer === undefined ? author : toIdentity('--committer', values.committer);
  if (io.stdin.isTTY) {
    throw new CliError('attribute reads a commit message on stdin', 'pipe one in: git log -1 --format=%B | proofgate attribute');
  }
  const pr = await readPullRequestClaim(values, io, { stdinTaken: 'the commit message' });
  const message = await readAll(io.stdin);
  const result = attributeCommit({ message, author, committer });
  const prEvidence = pullRequestEvidence(pr);
  const prAgent = result.evidence.length === 0 ? decide(prEvidence).agent : null;
  const output = {
    trailers: parseTrailers(message).map((t) => ({ key: t.key, value: t.value })),
    agent: prAgent ?? result.agent,
    model: prAgent ? null : result.model,
    /** Which evidence decided: the commit's own, or the pull request's (only when the commit has none). */
    decidedBy: prAgent ? 'pull-request' : result.evidence.length > 0 ? 'commit' : 'none',
    evidence: result.evidence,
    ...(pr ? { pullRequestEvidence: prEvidence } : {}),
  };
  println(io.stdout, JSON.stringify(output, null, 2));
  return EXIT.success;
}

const NO_IDENTITY: Identity = { name: null, email: null, login: null, isBot: false };

function toIdentity(flag: string, value: string): Identity {
  const { name, email } = parseIdentityFlag(flag, value);
  return identity(name, email);
}
