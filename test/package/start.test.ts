/**
 * The App's start command: `npm start` and the Docker image run node with the
 * same options (the App bench runs `npm start`'s), and those bound V8's old
 * space, whose size sets how far V8 lets the heap grow past what is live, and
 * its young generation, which V8 otherwise grows to 32 MB of semi-spaces
 * (README, Performance: the App's peak RSS).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SCRIPT = 'build/src/app/server.js';
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');

/** The node options of `node [options] build/src/app/server.js`, or null for another command. */
function nodeOptions(words: string[]): string[] | null {
  return words[0] === 'node' && words[words.length - 1] === SCRIPT ? words.slice(1, -1) : null;
}

describe('the App start command', () => {
  const fromNpm = nodeOptions(pkg.scripts.start!.trim().split(/\s+/));
  const cmd = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm)].map((m) => JSON.parse(m[1]!) as string[]);

  it('is the same node command for npm start and the Docker image', () => {
    expect(fromNpm).not.toBeNull();
    expect(cmd).toHaveLength(1);
    expect(nodeOptions(cmd[0]!)).toEqual(fromNpm);
  });

  it('bounds the old space, which caps how far V8 grows the heap past what is live', () => {
    expect(fromNpm!.filter((o) => /^--max-old-space-size=\d+$/.test(o))).toHaveLength(1);
  });

  it("bounds the young generation below V8's default of 16 MB a semi-space", () => {
    const semi = fromNpm!.filter((o) => /^--max-semi-space-size=\d+$/.test(o));
    expect(semi).toHaveLength(1);
    expect(Number(semi[0]!.split('=')[1])).toBeLessThan(16);
  });
});
