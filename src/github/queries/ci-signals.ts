/**
 * The head's check runs and commit statuses, and the head itself: what can
 * change a pending verdict while the Action waits (src/github/ci-signals.ts).
 * 103 connection requests: 1 rate-limit point.
 */
export const CI_SIGNALS_QUERY = /* GraphQL */ `
  query ProofgateCiSignals($owner: String!, $repo: String!, $number: Int!) {
    repository(owner: $owner, name: $repo) {
      pullRequest(number: $number) {
        headRefOid
        headCommit: commits(last: 1) {
          nodes {
            commit {
              oid
              checkSuites(first: 100) {
                pageInfo {
                  hasNextPage
                }
                nodes {
                  app {
                    slug
                  }
                  checkRuns(first: 100, filterBy: { checkType: LATEST }) {
                    pageInfo {
                      hasNextPage
                    }
                    nodes {
                      databaseId
                      name
                      status
                      conclusion
                    }
                  }
                }
              }
              status {
                contexts {
                  context
                  state
                }
              }
              statusCheckRollup {
                contexts(first: 1) {
                  statusContextCount
                }
              }
            }
          }
        }
      }
    }
  }
`;
