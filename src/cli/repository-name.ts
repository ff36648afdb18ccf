/** `owner/name` of the origin remote for a heading, else the directory's name. */
import path from 'node:path';
import { parseRemoteRepository } from '../local/parse.js';
import { runGit } from '../local/run-git.js';

export async function repositoryName(top: string): Promise<string> {
  const remote = await runGit(top, ['config', '--get', 'remote.origin.url']);
  const parsed = remote.code === 0 ? parseRemoteRepository(remote.stdout.toString('utf8')) : null;
  return parsed ? `${parsed.owner}/${parsed.name}` : path.basename(top.replace(/\/\.git$|\/repo$/, '')) || top;
}
