/**
 * Octokit parses every JSON response with a BigInt-preserving parser
 * (json-with-bigint), about 7× slower than `JSON.parse` on a pull request's
 * GraphQL answer, and the largest share of the App's CPU per evaluation.
 * Nothing proofgate reads from GitHub is an integer past 2^53 (ids and
 * database ids are well below it), so responses are parsed natively here.
 *
 * A request wrapper: the body is taken unparsed (`parseSuccessResponseBody:
 * false`) and decoded as Octokit would, JSON with `JSON.parse`. Error
 * responses are untouched (Octokit parses those itself before throwing).
 */
import type { Octokit } from '@octokit/core';

type Hookable = Pick<Octokit, 'hook'>;

export function nativeJson(octokit: Hookable): void {
  octokit.hook.wrap('request', async (request, options) => {
    // A caller that asked for the raw body keeps it.
    if (options.request?.parseSuccessResponseBody === false) return request(options);
    // Changed in place: the inner hooks (auth, throttling, retry) were bound to this very object.
    options.request = { ...options.request, parseSuccessResponseBody: false };
    const response = await request(options);
    response.data = await decode(response.data as unknown, response.headers['content-type']);
    return response;
  });
}

/** What Octokit's own decoding gives, JSON parsed natively. */
async function decode(body: unknown, contentType: string | undefined): Promise<unknown> {
  // 204/205 and HEAD responses arrive with data already set to ""; a 200 may have no body.
  if (body === null) return '';
  // Bytes read whole by proofgate's fetch (src/github/http-fetch.ts), or a stream from Node's fetch.
  const response = body instanceof Uint8Array ? bytesBody(body) : body instanceof ReadableStream ? new Response(body) : null;
  if (response === null) return body;
  if (!contentType) return response.text().catch(() => '');
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type === 'application/scim+json') {
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (type.startsWith('text/') || (/charset\s*=\s*"?utf-8/i.test(contentType) && type !== 'application/octet-stream')) {
    return response.text().catch(() => '');
  }
  return response.arrayBuffer().catch(() => new ArrayBuffer(0));
}

/** Reads bytes as Response reads a body, without Response (which would load Node's fetch). */
function bytesBody(bytes: Uint8Array): { text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> } {
  return {
    text: () => Promise.resolve(new TextDecoder().decode(bytes)),
    arrayBuffer: () => Promise.resolve(bytes.slice().buffer),
  };
}
