import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Trailer } from '../../src/attribution/trailers.js';

/** Git with no user or system configuration, so trailer settings cannot leak in. */
export const isolatedGitEnv = (() => {
  const home = mkdtempSync(join(tmpdir(), 'proofgate-git-home-'));
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
    LC_ALL: 'C',
  };
})();

/** Parse `git interpret-trailers --parse` output: one `Key: value` per line. */
export function parseGitOutput(out: string): Trailer[] {
  const trailers: Trailer[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`unexpected git output line: ${JSON.stringify(line)}`);
    trailers.push({ key: line.slice(0, colon), value: line.slice(colon + 2) });
  }
  return trailers;
}

/** What real git says the trailers of `message` are. */
export function gitTrailers(message: string): Promise<Trailer[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['interpret-trailers', '--parse', '--no-divider'], {
      env: isolatedGitEnv,
      cwd: tmpdir(),
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`git interpret-trailers exited ${code}: ${err}`));
      else resolve(parseGitOutput(out));
    });
    child.stdin.end(message, 'utf8');
  });
}

/** Run many git calls a few at a time (the machine has two cores). */
export async function gitTrailersMany(messages: string[], concurrency = 8): Promise<Trailer[][]> {
  const results: Trailer[][] = new Array<Trailer[]>(messages.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < messages.length) {
      const i = next++;
      results[i] = await gitTrailers(messages[i] as string);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
