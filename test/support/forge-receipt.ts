/** A forger's receipt: a genuine one edited, given the digest its new content has, and written to `dir/name`. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { computeDigest, type Receipt } from '../../src/receipt/json.js';

export function forgeReceipt(receipt: Receipt, dir: string, edit: (r: Receipt) => void, name: string): string {
  const copy = structuredClone(receipt);
  edit(copy);
  copy.digest = computeDigest(copy);
  writeFileSync(path.join(dir, name), JSON.stringify(copy, null, 2));
  return name;
}
