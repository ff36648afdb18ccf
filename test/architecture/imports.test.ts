/**
 * Imports point one way: each part of src/ imports only from itself and the
 * layers below it, and no module imports itself through others. The import
 * list comes from the TypeScript compiler (`ts.preProcessFile`), so it sees
 * `import type` and re-exports as well as plain imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Lowest first; docs/architecture.md shows the same table. */
const LAYERS: string[][] = [
  ['text.ts', 'version.ts', 'checks-api.ts', 'glob', 'bounded-cache.ts', 'kept-json.ts'],
  ['glob.ts', 'snapshot.ts'],
  ['limits.ts'],
  ['attribution'],
  ['proofs'],
  ['policy'],
  ['engine'],
  ['receipt', 'github', 'local', 'ledger'],
  ['history'],
  ['report'],
  ['gate', 'backtest'],
  ['app', 'action', 'cli', 'index.ts'],
];

/** The part of src/ a file belongs to: its top-level directory, or the file itself. */
function unitOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0]!;
}

function layerOf(unit: string): number {
  const layer = LAYERS.findIndex((units) => units.includes(unit));
  if (layer < 0) throw new Error(`src/${unit} is in no layer: add it to LAYERS here and to docs/architecture.md`);
  return layer;
}

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Relative imports of one file, as absolute .ts paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.resolve(path.dirname(file), name.replace(/\.js$/, '.ts')));
}

export function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(files.map((f) => [f, importsOf(f)]));
}

/** Imports that go sideways or up: `from → to` between units. */
export function forbiddenImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const bad: string[] = [];
  for (const [from, targets] of graph) {
    const fromUnit = unitOf(from);
    for (const to of targets) {
      const toUnit = unitOf(to);
      if (toUnit === fromUnit) continue;
      if (layerOf(toUnit) >= layerOf(fromUnit)) bad.push(`${path.relative(SRC, from)} → ${path.relative(SRC, to)}`);
    }
  }
  return bad;
}

/** Every import cycle between files, each as `a → b → a`. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, stack: string[]): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(SRC, f)).join(' → '));
      else if (!state.has(next)) visit(next, stack);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
  return cycles;
}

describe('imports point one way', () => {
  const graph = importGraph(sourceFiles());

  it('reads the import graph of src/', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get(path.join(SRC, 'engine/evaluate.ts'))).toContain(path.join(SRC, 'proofs/registry.ts'));
  });

  it('no part of src/ imports from its own layer or a higher one', () => {
    expect(forbiddenImports(graph)).toEqual([]);
  });

  it('no module imports itself through others', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('would catch an upward import and a cycle', () => {
    const proofs = path.join(SRC, 'proofs/check.ts');
    const engine = path.join(SRC, 'engine/evaluate.ts');
    const bad = new Map([
      [proofs, [engine]],
      [engine, [proofs]],
    ]);
    expect(forbiddenImports(bad)).toEqual(['proofs/check.ts → engine/evaluate.ts']);
    expect(importCycles(bad)).toEqual(['proofs/check.ts → engine/evaluate.ts → proofs/check.ts']);
  });
});
