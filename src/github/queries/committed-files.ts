/**
 * The names in some directories at some commits, in one request: each commit
 * is an aliased `object(oid:)` field, each directory an aliased `file(path:)`
 * inside it (the repository's root: the commit's `tree`). Names only, never text.
 */
export function buildCommittedFilesQuery(commits: number, dirs: ReadonlyArray<string>): string {
  const vars = ['$owner: String!', '$repo: String!'];
  for (let c = 0; c < commits; c++) vars.push(`$c${c}: GitObjectID!`);
  dirs.forEach((dir, d) => {
    if (dir !== '') vars.push(`$d${d}: String!`);
  });
  const listings = dirs.map((dir, d) =>
    dir === '' ? `d${d}: tree { entries { name path } }` : `d${d}: file(path: $d${d}) { object { ... on Tree { entries { name path } } } }`,
  );
  const fields: string[] = [];
  for (let c = 0; c < commits; c++) fields.push(`    c${c}: object(oid: $c${c}) { ... on Commit { ${listings.join(' ')} } }`);
  return `query ProofgateCommittedFiles(${vars.join(', ')}) {
  repository(owner: $owner, name: $repo) {
${fields.join('\n')}
  }
}
`;
}
