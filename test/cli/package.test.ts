/**
 * What `npm pack` ships for the command line: bin/proofgate.js and the bundle
 * it imports (build/cli/proofgate.js), and a bundle that needs nothing at run
 * time but Node's built-ins and the package's own dependencies.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, buildCli, type BuiltCli } from './built.js';

let built: BuiltCli;
beforeAll(async () => {
  built = await buildCli();
}, 60_000);

describe('the packed command line', () => {
  it('contains bin/proofgate.js and the bundle it imports', () => {
    // --ignore-scripts: prepack would run the whole build; buildCli has built the bundle.
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toContain('bin/proofgate.js');
    const imported = [...readFileSync(BIN, 'utf8').matchAll(/import\('(\.\.\/[^']+)'\)/g)].map((m) => path.posix.join('bin', m[1]!));
    expect(imported).toEqual(['build/cli/proofgate.js']);
    for (const file of imported) expect(files).toContain(file);
  });

  it('imports nothing but Node built-ins: no devDependency is needed to run it', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    expect(built.external).toContain('node:child_process');
    expect(built.external.filter((name) => !builtins.has(name))).toEqual([]);
  });

  it('reads Chart.js, the one file it loads at run time, from a dependency', () => {
    const { dependencies } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const resolved = [...readFileSync(built.file, 'utf8').matchAll(/\.resolve\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(resolved).toEqual(['chart.js']);
    expect(Object.hasOwn(dependencies, 'chart.js')).toBe(true);
  });
});
