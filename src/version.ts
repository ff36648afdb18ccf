/**
 * The tool's version, written into every receipt.
 *
 * A constant rather than a package.json read: it must work from `build/src`, from
 * `src` under vitest, and inside a single-file bundle that ships without a
 * package.json. `test/receipt/version.test.ts` keeps it equal to package.json.
 */
export const TOOL_VERSION: string = '0.1.0';
