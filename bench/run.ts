/**
 * `npm run bench`: every benchmark in turn, each printing its figures.
 * Benchmarks measure; they do not assert.
 */
const suites: Array<[string, () => Promise<{ run(): Promise<void> }>]> = [
  ['engine', () => import('./engine.js')],
  ['globs', () => import('./globs.js')],
  ['canonical JSON', () => import('./canonical.js')],
  ['cli', () => import('./cli.js')],
  ['report', () => import('./report.js')],
  ['app', () => import('./app.js')],
  ['app allocation', () => import('./app-allocation.js')],
  ['app under a burst', () => import('./app-burst.js')],
  ['action', () => import('./action.js')],
  ['attribution', () => import('./attribution/run.js')],
];

for (const [name, load] of suites) {
  console.log(`\n== ${name} ==`);
  const suite = await load();
  await suite.run();
}
