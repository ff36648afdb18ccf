/** `proofgate attribute`: explain how one commit message would be attributed. */
import { attributeCommit } from '../attribution/attribute.js';
import { parseTrailers } from '../attribution/trailers.js';
import { identity } from '../local/parse.js';
import type { Identity } from '../snapshot.js';
import { parseCommandArgs, parseIdentityFlag } from './args.js';
import { CliError, EXIT, println, readAll, type CliIo } from './io.js';

export const ATTRIBUTE_HELP = `Usage: proofgate attribute [--author "Name <email>"] [--committer "Name <email>"] < MESSAGE

Reads one commit message on stdin and prints, as JSON, the trailers git would
parse from it and the agent, model and evidence proofgate attributes to it.

  --author "Name <email>"      the commit's author (identity evidence)
  --committer "Name <email>"   the commit's committer (default: the author)
  -h, --help                   show this help

Example:
  git log -1 --format=%B | proofgate attribute --author "$(git log -1 --format='%an <%ae>')"
`;

export async function attributeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    'attribute',
    argv,
    { author: { type: 'string' }, committer: { type: 'string' } },
    0,
  );
  if (values.help) {
    io.stdout.write(ATTRIBUTE_HELP);
    return EXIT.success;
  }
  const author = values.author === undefined ? NO_IDENTITY : toIdentity('--author', values.author);
  const committer = values.committer === undefined ? author : toIdentity('--committer', values.committer);
  if (io.stdin.isTTY) {
    throw new CliError('attribute reads a commit message on stdin', 'pipe one in: git log -1 --format=%B | proofgate attribute');
  }
  const message = await readAll(io.stdin);
  const result = attributeCommit({ message, author, committer });
  const output = {
    trailers: parseTrailers(message).map((t) => ({ key: t.key, value: t.value })),
    agent: result.agent,
    model: result.model,
    evidence: result.evidence,
  };
  println(io.stdout, JSON.stringify(output, null, 2));
  return EXIT.success;
}

const NO_IDENTITY: Identity = { name: null, email: null, login: null, isBot: false };

function toIdentity(flag: string, value: string): Identity {
  const { name, email } = parseIdentityFlag(flag, value);
  return identity(name, email);
}
