/**
 * The text of the ledger blobs the load limits admit, by object id, in one
 * request: each blob is an aliased `object(oid:)` field, so the query text
 * depends on how many there are (variables carry the ids). The main query
 * lists only names and sizes; a directory full of large files costs nothing.
 */
export function buildLedgerBlobsQuery(count: number): string {
  const vars: string[] = [];
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    vars.push(`$o${i}: GitObjectID!`);
    fields.push(`    b${i}: object(oid: $o${i}) { ... on Blob { oid text isTruncated isBinary } }`);
  }
  return `query ProofgateLedgerBlobs($owner: String!, $repo: String!, ${vars.join(', ')}) {
  repository(owner: $owner, name: $repo) {
${fields.join('\n')}
  }
}
`;
}
