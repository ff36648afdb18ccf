import type { GitHubClient } from './client.js';
import { graphqlDataOf, graphqlErrorsOf, mapGraphQLError, mapRequestError, PERMISSIONS, type GraphQLErrorItem } from './errors.js';

/**
 * Runs one GraphQL request. Errors that `tolerate` accepts (an optional part
 * of the query that may legitimately be missing) leave the partial data;
 * any other error is mapped to a message that says what to do.
 */
export async function runQuery<T>(
  client: GitHubClient,
  query: string,
  variables: Record<string, unknown>,
  ctx: { doing: string; notFound?: string; tolerate?: (e: GraphQLErrorItem) => boolean },
): Promise<T> {
  try {
    return await client.graphql<T>(query, variables);
  } catch (error) {
    const errors = graphqlErrorsOf(error);
    const data = graphqlDataOf<T>(error);
    if (errors && data && ctx.tolerate && errors.every(ctx.tolerate)) return data;
    throw mapGraphQLError(error, ctx);
  }
}

/** Full text of a blob GitHub truncated in GraphQL, through REST (`contents: read`). */
export async function fetchBlobText(client: GitHubClient, owner: string, repo: string, sha: string, what: string): Promise<string> {
  try {
    const res = await client.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { owner, repo, file_sha: sha });
    const { content, encoding } = res.data;
    return encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8') : content;
  } catch (error) {
    throw mapRequestError(error, { doing: `reading ${what} (blob ${sha})`, permission: PERMISSIONS.contentsRead });
  }
}
