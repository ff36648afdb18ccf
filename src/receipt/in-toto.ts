/**
 * The receipt as an in-toto Statement v1
 * (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md):
 * the head commit and the receipt file as subjects, the receipt as predicate.
 * A signer (GitHub's artifact attestations, Sigstore) wraps it in a DSSE
 * envelope; proofgate itself signs nothing.
 */
import { createHash } from 'node:crypto';
import type { Receipt } from './json.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** The predicate type of a proofgate receipt; the version follows `receiptVersion`. */
export const RECEIPT_PREDICATE_TYPE = 'https://github.com/proofgate/proofgate/blob/main/docs/receipts.md#receipt-v1';

export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: Record<string, string>;
  [field: string]: unknown;
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: ResourceDescriptor[];
  predicateType: string;
  predicate: Record<string, unknown>;
}

/**
 * The statement for a receipt file: `receiptBytes` are the file as written (its
 * sha256 is the subject's digest, so the file must not be re-formatted after).
 */
export function receiptStatement(receipt: Receipt, receiptBytes: Uint8Array | string, receiptName: string): Statement {
  const repo = receipt.repository ? `${receipt.repository.owner}/${receipt.repository.name}` : null;
  const head: ResourceDescriptor = {
    name: repo ? `${repo}@${receipt.head.sha}` : `commit ${receipt.head.sha}`,
    ...(repo ? { uri: `git+https://github.com/${repo}@${receipt.head.sha}` } : {}),
    digest: { gitCommit: receipt.head.sha },
  };
  const file: ResourceDescriptor = {
    name: receiptName,
    digest: { sha256: createHash('sha256').update(receiptBytes).digest('hex') },
  };
  return { _type: STATEMENT_TYPE, subject: [head, file], predicateType: RECEIPT_PREDICATE_TYPE, predicate: receipt as unknown as Record<string, unknown> };
}

/** Hex digest lengths in bytes of the algorithms the spec's digest set names (digest_set.md). */
const DIGEST_BYTES: Record<string, number[]> = {
  md5: [16],
  sha1: [20],
  sha224: [28],
  sha512_224: [28],
  sha256: [32],
  sha512_256: [32],
  sha384: [48],
  sha512: [64],
  sha3_224: [28],
  sha3_256: [32],
  sha3_384: [48],
  sha3_512: [64],
  gitBlob: [20, 32],
  gitCommit: [20, 32],
  gitTag: [20, 32],
  gitTree: [20, 32],
  dirHash: [32],
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * What is wrong with a ResourceDescriptor, by the rules of the reference
 * implementation (in-toto/attestation go/v1/resource_descriptor.go): one of
 * name, uri or digest; a known algorithm's digest in hex of its length; other
 * algorithms are free-form.
 */
export function resourceDescriptorProblems(rd: unknown): string[] {
  if (!isObject(rd)) return ['a resource descriptor must be an object'];
  const digest = rd['digest'];
  if (digest !== undefined && !isObject(digest)) return ['digest must be an object of algorithm → value'];
  const hasDigest = isObject(digest) && Object.keys(digest).length > 0;
  if (!rd['name'] && !rd['uri'] && !hasDigest) return ['at least one of name, uri or digest is required'];
  const problems: string[] = [];
  for (const [alg, value] of Object.entries(isObject(digest) ? digest : {})) {
    if (typeof value !== 'string') {
      problems.push(`digest ${alg} must be a string`);
      continue;
    }
    const sizes = DIGEST_BYTES[alg];
    if (!sizes) continue;
    if (!/^([0-9a-fA-F]{2})*$/.test(value)) problems.push(`digest ${alg} is not hex-encoded: ${value}`);
    else if (!sizes.includes(value.length / 2)) problems.push(`digest ${alg} has ${value.length / 2} bytes, want ${sizes.join(' or ')}`);
  }
  return problems;
}

/** What is wrong with a Statement v1 (go/v1/statement.go `Validate`, for `_type` v1 only). */
export function statementProblems(statement: unknown): string[] {
  if (!isObject(statement)) return ['a statement must be a JSON object'];
  const problems: string[] = [];
  if (statement['_type'] !== STATEMENT_TYPE) problems.push(`_type must be ${STATEMENT_TYPE}`);
  const subject = statement['subject'];
  if (!Array.isArray(subject) || subject.length === 0) problems.push('at least one subject is required');
  else {
    subject.forEach((rd, i) => {
      for (const p of resourceDescriptorProblems(rd)) problems.push(`subject[${i}]: ${p}`);
      if (isObject(rd) && !(isObject(rd['digest']) && Object.keys(rd['digest']).length > 0)) problems.push(`subject[${i}]: a v1 subject needs a digest`);
    });
  }
  if (typeof statement['predicateType'] !== 'string' || statement['predicateType'] === '') problems.push('predicateType is required');
  if (!isObject(statement['predicate'])) problems.push('predicate must be an object');
  return problems;
}
