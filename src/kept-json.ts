/**
 * A frozen value's own slot for its canonical JSON. Attribution's memo
 * freezes each commit's attribution once and puts the same object in every
 * verdict of the pull request; src/receipt/canonical.ts fills the slot the
 * first time it writes the value and returns it from then on, so the App's
 * probe does not serialise the same commits on every event. The slot is a
 * non-enumerable symbol property: spreading, cloning or parsing the value
 * does not carry it, and data (even parsed JSON) cannot hold a symbol key.
 */
export const KEPT_JSON = Symbol('proofgate.keptJson');

export interface JsonSlot {
  json: string | null;
}

/** Freezes a value whose every object below is frozen already, with an empty slot for its JSON. */
export function freezeWithJsonSlot<T extends object>(value: T): Readonly<T> {
  requireChildrenFrozen(value);
  const slot: JsonSlot = { json: null };
  Object.defineProperty(value, KEPT_JSON, { value: slot, enumerable: false });
  return Object.freeze(value);
}

/** The slot of a value frozen by freezeWithJsonSlot, or null. */
export function jsonSlotOf(value: unknown): JsonSlot | null {
  if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, KEPT_JSON)) return null;
  return (value as { [KEPT_JSON]: JsonSlot })[KEPT_JSON];
}

/**
 * Objects (not lists) found frozen all the way down: that cannot change, and
 * attribution's commits share their evidence objects, so each is walked once.
 */
const deepFrozen = new WeakSet<object>();

function requireDeepFrozen(value: unknown): void {
  if (typeof value !== 'object' || value === null || deepFrozen.has(value)) return;
  if (!Object.isFrozen(value)) throw new TypeError('freezeWithJsonSlot: the value holds an object that is not frozen, whose JSON could change');
  requireChildrenFrozen(value);
  // Lists are mostly a commit's own: kept out, so the set holds the shared objects only.
  if (!Array.isArray(value)) deepFrozen.add(value);
}

/** Every value below `value`, walked without a list of them made first: attribution freezes one object for each commit. */
function requireChildrenFrozen(value: object): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) requireDeepFrozen(value[i]);
    return;
  }
  // Inherited enumerable properties too, which JSON leaves out: stricter than the own ones alone.
  for (const key in value) requireDeepFrozen((value as Record<string, unknown>)[key]);
}
