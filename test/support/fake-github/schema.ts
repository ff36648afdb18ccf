import { schema as githubSchema } from '@octokit/graphql-schema';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

let built: GraphQLSchema | null = null;

/**
 * GitHub's public GraphQL schema, built once per process. Built from the
 * introspection JSON (as @octokit/graphql-schema's own `validate` does): the
 * published SDL repeats two fields, which `buildSchema` rejects.
 */
export function githubGraphQLSchema(): GraphQLSchema {
  built ??= buildClientSchema(githubSchema.json as unknown as IntrospectionQuery);
  return built;
}
