/**
 * Names the engine gives its own routes and proofs in every receipt. A policy
 * may not define a route by these names (the semantic pass says so).
 */

/** The route of files no route of the policy matches. */
export const DEFAULT_ROUTE_NAME = 'default';
/** The route of a change to the policy file itself. */
export const POLICY_CHANGE_ROUTE = 'policy-change';
/** The approval a change to the policy itself needs, on top of what its routes need. */
export const POLICY_CHANGE_PROOF = 'policy-change-approval';
