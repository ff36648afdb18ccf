/**
 * The committed bundle is what the runner executes: rebuilding it from the
 * sources must give the same files with the same bytes, or the commit forgot
 * `npm run bundle`.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('dist/', () => {
  it('is what `npm run bundle` builds from the current sources', async () => {
    const { bundle } = (await import(path.join(ROOT, 'scripts/bundle.mjs'))) as { bundle: (outDir: string) => Promise<string> };
    const dir = await mkdtemp(path.join(tmpdir(), 'proofgate-dist-'));
    try {
      await bundle(dir);
      const [fresh, committed] = await Promise.all([readdir(dir), readdir(path.join(ROOT, 'dist')).catch(() => [])]);
      // Every file the bundle writes, and no file it no longer writes (a stale chunk would ship).
      expect(committed.sort()).toEqual(fresh.sort());
      for (const name of fresh) {
        const [built, shipped] = await Promise.all([readFile(path.join(dir, name)), readFile(path.join(ROOT, 'dist', name)).catch(() => Buffer.alloc(0))]);
        // A plain equality check would print two large strings on failure.
        expect(built.equals(shipped), `dist/${name} is out of date: run \`npm run bundle\` and commit dist/`).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('carries no path of the machine that built it', async () => {
    const text = await readFile(path.join(ROOT, 'dist/index.js'), 'utf8');
    expect(text.includes(ROOT)).toBe(false);
    expect(text).not.toMatch(/\/(home|Users|root)\/[^/\s'"]+\//);
  });

  it('runs as the action.yml says: node24, dist/index.js', async () => {
    const yml = await readFile(path.join(ROOT, 'action.yml'), 'utf8');
    expect(yml).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js$/m);
  });
});
