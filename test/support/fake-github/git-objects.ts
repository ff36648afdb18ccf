import { createHash } from 'node:crypto';
import type { FakeGitHubState } from './state.js';
import type { FakeRepository } from './types.js';

type Obj = Record<string, unknown>;

/** The git blob id of `text`, as git computes it. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function blobNode(state: FakeGitHubState, text: string): Obj {
  const bytes = Buffer.from(text, 'utf8');
  const truncated = bytes.length > state.blobTextLimit;
  return {
    __typename: 'Blob',
    oid: blobSha(text),
    byteSize: bytes.length,
    isBinary: false,
    isTruncated: truncated,
    text: truncated ? bytes.subarray(0, state.blobTextLimit).toString('utf8') : text,
  };
}

/** A file or a directory at a commit, as `Commit.file(path:)` returns it. */
export function treeEntry(state: FakeGitHubState, repo: FakeRepository, sha: string, path: string): Obj | null {
  const tree = repo.trees.get(sha);
  if (!tree) return null;
  const clean = path.replace(/^\/+|\/+$/g, '');
  const name = clean.split('/').pop() ?? clean;
  // GitHub gives a blob's mode as a number: 33188 (0o100644) for a file, 40960 (0o120000) for a symbolic link.
  const links = repo.symlinks.get(sha);
  const modeOf = (filePath: string) => (links?.has(filePath) ? 40960 : 33188);
  const text = tree.get(clean);
  if (text !== undefined) {
    return {
      __typename: 'TreeEntry',
      name,
      path: clean,
      type: 'blob',
      mode: modeOf(clean),
      oid: blobSha(text),
      size: Buffer.byteLength(text, 'utf8'),
      object: blobNode(state, text),
    };
  }
  // The repository's root (`Commit.tree`) when `clean` is empty.
  const prefix = clean === '' ? '' : `${clean}/`;
  const children = new Map<string, Obj>();
  for (const [filePath, fileText] of tree) {
    if (!filePath.startsWith(prefix)) continue;
    const rest = filePath.slice(prefix.length);
    const child = rest.split('/')[0]!;
    if (children.has(child)) continue;
    children.set(
      child,
      rest.includes('/')
        ? {
            __typename: 'TreeEntry',
            name: child,
            path: prefix + child,
            type: 'tree',
            mode: 16384,
            oid: blobSha(prefix + child),
            size: 0,
            object: { __typename: 'Tree', oid: blobSha(prefix + child) },
          }
        : {
            __typename: 'TreeEntry',
            name: child,
            path: prefix + child,
            type: 'blob',
            mode: modeOf(prefix + child),
            oid: blobSha(fileText),
            size: Buffer.byteLength(fileText, 'utf8'),
            object: blobNode(state, fileText),
          },
    );
  }
  if (children.size === 0) return null;
  const entries = [...children.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  const oid = blobSha(`tree:${clean}`);
  return { __typename: 'TreeEntry', name, path: clean, type: 'tree', mode: 16384, oid, object: { __typename: 'Tree', oid, entries } };
}

/** A blob of the repository by its id (any file at any commit), as `Repository.object(oid:)` returns it. */
export function blobById(state: FakeGitHubState, repo: FakeRepository, oid: string): Obj | null {
  for (const tree of repo.trees.values()) {
    for (const text of tree.values()) if (blobSha(text) === oid) return blobNode(state, text);
  }
  return null;
}
