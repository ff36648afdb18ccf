/** The target branch's tip and its merge queue's entries, to find the pull requests a merge group carries. */
export const MERGE_GROUP_QUERY = /* GraphQL */ `
  query ProofgateMergeGroup($owner: String!, $repo: String!, $branch: String!, $qualifiedName: String!) {
    repository(owner: $owner, name: $repo) {
      ref(qualifiedName: $qualifiedName) {
        target {
          oid
        }
      }
      mergeQueue(branch: $branch) {
        entries(first: 100) {
          pageInfo {
            hasNextPage
          }
          nodes {
            headCommit {
              oid
            }
            baseCommit {
              oid
            }
            pullRequest {
              number
              headRefOid
            }
          }
        }
      }
    }
  }
`;
