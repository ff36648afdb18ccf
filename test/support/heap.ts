/**
 * The heap a piece of work leaves held, for tests of memos that must stay
 * bounded in bytes whatever the gated party sends.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap still held, in MB, after `work` and a full collection. */
export function retainedBy(work: () => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  work();
  gc();
  return (process.memoryUsage().heapUsed - before) / 1e6;
}
