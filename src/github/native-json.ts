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
 *
 * The same parser's serialiser writes request bodies: JSON.stringify, then a
 * pattern search over the whole text for its BigInt markers, which on a
 * GraphQL request (a query of several KB) cost about as much as the rest of
 * sending it. A GraphQL request's body is written here with `JSON.stringify`
 * instead (the same text: proofgate's variables hold no BigInt), and handed to
 * Octokit as `data`, which it sends as it is.
 */
import type { Octokit } from '@octokit/core';

type Hookable = Pick<Octokit, 'hook'>;

export function nativeJson(octokit: Hookable): void {
  octokit.hook.wrap('request', async (request, options) => {
    // A caller that asked for the raw body keeps it.
    if (options.request?.parseSuccessResponseBody === false) return request(options);
    // Changed in place: the inner hooks (auth, throttling, retry) were bound to this very object.
    options.request = { ...options.request, parseSuccessResponseBody: false };
    const body = graphqlBody(options);
    if (body !== null) options.data = body;
    const response = await request(options);
    response.data = await decode(response.data as unknown, response.headers['content-type']);
    return response;
  });
}

/** Octokit's own options of a request, which its endpoint parser leaves out of the body. */
const NOT_THE_BODY = new Set(['method', 'baseUrl', 'url', 'headers', 'request', 'mediaType']);
/** github.com's `/graphql`, GitHub Enterprise Server's `https://HOST/api/graphql`. */
const GRAPHQL_URL = /(?:^|\/api)\/graphql$/;

/**
 * The body Octokit would send for a GraphQL request (`POST /graphql`, no
 * `data` of its own), as text; null for any other request. Its parser puts in
 * the body every option but its own, for a URL without template variables.
 */
export function graphqlBody(options: Record<string, unknown>): string | null {
  if (String(options.method).toUpperCase() !== 'POST' || typeof options.url !== 'string' || !GRAPHQL_URL.test(options.url) || 'data' in options) return null;
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(options)) if (!NOT_THE_BODY.has(key)) body[key] = options[key];
  return JSON.stringify(body);
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
