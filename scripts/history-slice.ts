/**
 * Real history as fixtures, without anyone's code: `slice` keeps the metadata of
 * the last N first-parent changes of a repository (commit messages, identities,
 * dates, parents, changed paths with line counts); `build` turns a slice into a
 * git repository whose commits carry the same metadata and files with
 * placeholder lines, written with `git fast-import`.
 *
 *   node build/scripts/history-slice.js slice GIT_DIR N SOURCE [TIP] > slice.json
 *   node build/scripts/history-slice.js build slice.json OUT_DIR
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SliceCommit {
  sha: string;
  parents: string[];
  author: string;
  committer: string;
  authorDate: string;
  commitDate: string;
  message: string;
  /** Line counts of the commit's own diff (non-merge commits); merges take their side's files. */
  files: Array<[path: string, additions: number, deletions: number]>;
}

export interface Slice {
  source: string;
  branch: string;
  /** Oldest first; parents outside the slice become the slice's root commit. */
  commits: SliceCommit[];
}

const SEP = '\u001e';

export function slice(gitDir: string, changes: number, source: string, tip = 'HEAD'): Slice {
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const branch = git('symbolic-ref', '--short', 'HEAD').trim();
  const boundary = git('rev-parse', `${tip}~${changes}`).trim();
  const format = `${SEP}%H%x00%P%x00%an <%ae>%x00%cn <%ce>%x00%aI%x00%cI%x00%B%x00`;
  const out = git('log', '--reverse', '--topo-order', '--numstat', '--no-renames', '-z', `--format=${format}`, tip, `^${boundary}`);
  const commits: SliceCommit[] = [];
  for (const record of out.split(SEP).slice(1)) {
    const [sha, parents, author, committer, authorDate, commitDate, message, ...rest] = record.split('\0');
    const files: SliceCommit['files'] = [];
    for (const token of rest) {
      const line = token.replace(/^\n/, '');
      const m = /^(\d+|-)\t(\d+|-)\t(.+)$/s.exec(line);
      if (m) files.push([m[3]!, Number(m[1]) || 0, Number(m[2]) || 0]);
    }
    commits.push({
      sha: sha!,
      parents: parents!.split(' ').filter(Boolean),
      author: author!,
      committer: committer!,
      authorDate: authorDate!,
      commitDate: commitDate!,
      message: message!,
      files: parents!.includes(' ') ? [] : files,
    });
  }
  return { source, branch, commits };
}

function ident(who: string, iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  const clean = who.replace(/[<>\n]/g, (c) => (c === '\n' ? ' ' : c));
  const m = /^(.*?) <(.*)>$/.exec(clean);
  return `${m ? m[1]!.replace(/[<>]/g, '') : clean} <${m ? m[2]!.replace(/[<>]/g, '') : ''}> ${seconds} +0000`;
}

/** Builds the slice into a fresh repository at `outDir`, branch as in the slice, remote-less. */
export function build(data: Slice, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', data.branch, outDir]);
  const mark = new Map<string, number>();
  const trees = new Map<string, Map<string, string[]>>();
  const chunks: string[] = [];
  const blob = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const first = data.commits[0];
  const rootDate = first ? first.commitDate : new Date(0).toISOString();
  chunks.push(
    `commit refs/heads/${data.branch}\nmark :1\ncommitter Slice <slice@example.com> ${Math.floor(Date.parse(rootDate) / 1000) - 60} +0000\n${blob(`Slice of ${data.source}: history before this commit is not included`)}`,
  );
  trees.set('root', new Map());
  let next = 2;
  for (const commit of data.commits) {
    const parents = commit.parents.map((p) => (mark.has(p) ? p : 'root'));
    const base = new Map(trees.get(parents[0] ?? 'root') ?? new Map());
    const changed = new Map<string, string[] | null>();
    if (parents.length > 1) {
      // The merged tree: each side's files as that side left them.
      for (const side of parents.slice(1)) {
        for (const [file, lines] of trees.get(side) ?? new Map()) {
          if (base.get(file) !== lines) changed.set(file, lines);
        }
      }
    } else {
      for (const [file, additions, deletions] of commit.files) {
        const old = base.get(file) ?? [];
        const kept = old.slice(Math.min(deletions, old.length));
        const added = Array.from({ length: additions }, (_, i) => `${commit.sha.slice(0, 10)} ${i}`);
        changed.set(file, additions === 0 && deletions >= old.length ? null : [...added, ...kept]);
      }
    }
    const id = next++;
    mark.set(commit.sha, id);
    const lines = [
      `commit refs/heads/${data.branch}`,
      `mark :${id}`,
      `author ${ident(commit.author, commit.authorDate)}`,
      `committer ${ident(commit.committer, commit.commitDate)}`,
    ];
    chunks.push(`${lines.join('\n')}\n${blob(commit.message)}from :${parents[0] === 'root' || parents[0] === undefined ? 1 : mark.get(parents[0])}\n`);
    for (const p of parents.slice(1)) chunks.push(`merge :${p === 'root' ? 1 : mark.get(p)}\n`);
    for (const [file, content] of changed) {
      if (file.includes('\n') || file.startsWith('"')) continue;
      if (content === null) {
        base.delete(file);
        chunks.push(`D ${file}\n`);
      } else {
        base.set(file, content);
        chunks.push(`M 100644 inline ${file}\n${blob(content.join('\n') + '\n')}`);
      }
    }
    trees.set(commit.sha, base);
  }
  const result = spawnSync('git', ['fast-import', '--quiet'], { cwd: outDir, input: chunks.join(''), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git fast-import failed: ${result.stderr}`);
  execFileSync('git', ['-C', outDir, 'reset', '-q', '--hard', data.branch]);
  // The report names the repository after its origin; nothing is fetched from it.
  if (/^[\w.-]+\/[\w.-]+$/.test(data.source)) execFileSync('git', ['-C', outDir, 'remote', 'add', 'origin', `https://github.com/${data.source}.git`]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [command, a, b] = process.argv.slice(2);
  if (command === 'slice' && a && b) {
    process.stdout.write(JSON.stringify(slice(a, Number(b), process.argv[5] ?? path.basename(a), process.argv[6]), null, 1) + '\n');
  } else if (command === 'build' && a && b) {
    build(JSON.parse(readFileSync(a, 'utf8')) as Slice, b);
  } else {
    console.error('usage: history-slice slice GIT_DIR N [SOURCE] > slice.json | history-slice build slice.json OUT_DIR');
    process.exit(2);
  }
}
