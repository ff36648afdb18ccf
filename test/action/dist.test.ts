/**
 * The committed bundle is what the runner executes: rebuilding it from the
 * sources must give the same bytes, or the commit forgot `npm run bundle`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
      const built = await bundle(dir);
      const [fresh, committed] = await Promise.all([readFile(built, 'utf8'), readFile(path.join(ROOT, 'dist/index.js'), 'utf8').catch(() => '')]);
      // A plain equality check would print two 1 MB strings on failure.
      const same = fresh === committed;
      expect(same, 'dist/index.js is out of date: run `npm run bundle` and commit dist/').toBe(true);
      expect(await readFile(path.join(ROOT, 'dist/package.json'), 'utf8')).toBe(await readFile(path.join(dir, 'package.json'), 'utf8'));
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
