/**
 * The policy used when a repository has no `.github/proofgate.yml`. It is YAML
 * text that passes the same validation as any user's policy: `npm run schema`
 * loads it through `loadPolicy` into default.generated.ts, which is what
 * `defaultPolicy()` hands out, so a fresh process skips the YAML parse and zod
 * (tests keep the generated form equal to loading the YAML, and
 * `policies/default.yml`, the copy users start from, equal to the text).
 */
import { DEFAULT_POLICY_DIGEST, DEFAULT_POLICY_DOC } from './default.generated.js';
import type { Policy } from './types.js';

export const DEFAULT_POLICY_PATH = '.github/proofgate.yml';

/** How the built-in default is named in receipts and errors. */
export const DEFAULT_POLICY_SOURCE_PATH = '(built-in default)';

export const DEFAULT_POLICY_YAML = `# proofgate's built-in default policy: what applies when a repository has no
# .github/proofgate.yml. It needs no check names, so it works in any repository:
# a change written by an AI agent needs one fresh human approval, and sensitive
# paths may be touched only by strong models, or by an agent that names no model
# once a second human has approved too.
version: 1

# Model tiers: globs over normalised model ids, case-insensitive, where \`*\` matches
# any text. The leading \`**/\` also accepts provider-prefixed ids such as
# \`openrouter/anthropic/claude-sonnet-4\`. A model belongs to every tier that matches it.
tiers:
  fast:
    - "**/*-mini"
    - "**/*-mini-*"
    - "**/*-nano"
    - "**/*-flash"
    - "**/*-flash-*"
    - "**/claude-haiku-*"
  strong:
    - "**/claude-opus-*"
    - "**/claude-sonnet-*"
    - "**/gpt-5"
    - "**/gpt-5-codex"
    - "**/gpt-5-pro"
    - "**/gpt-5.[0-9]"
    - "**/gpt-5-[0-9]"
    - "**/gpt-5.[0-9]-codex"
    - "**/gpt-5.[0-9]-codex-max"
    - "**/gpt-5.[0-9]-pro"
    - "**/o3"
    - "**/o3-pro"
    - "**/gemini-*-pro"
    - "**/gemini-*-pro-*"

proofs:
  # One approval from a human reviewer given on the head commit. Bots, the PR
  # author, the co-authors of agent commits (the person who drove the agent) and
  # accounts without write access do not count.
  human-review:
    kind: review
    description: A human other than the author approved the latest commit
    count: 1
    allowStale: false
    allowCoauthors: false
    allowAuthor: false
    allowBots: false
    requireWriteAccess: true

  # Two such approvals: what an agent change to a sensitive path needs when the
  # agent names no model, so nobody can tell whether a strong model wrote it.
  second-review:
    kind: review
    description: Two humans other than the author approved the latest commit
    count: 2
    allowStale: false
    allowCoauthors: false
    allowAuthor: false
    allowBots: false
    requireWriteAccess: true

routes:
  # Code that guards access, runs CI with repository secrets, changes the
  # database, or decides who reviews: strong models only, plus a human review.
  - name: sensitive
    description: Authentication, security, CI workflows and the actions they run, migrations, ownership and this policy
    paths:
      - "**/auth/**"
      - "**/security/**"
      - "**/migrations/**"
      - ".github/workflows/**"
      - ".github/actions/**"
      - ".github/CODEOWNERS"
      - "CODEOWNERS"
      - "docs/CODEOWNERS"
      - ".github/proofgate.yml"
    tiers: [strong]
    require: [human-review]

# Everything else an agent changes needs a human review too.
default:
  require: [human-review]
  appliesTo: agent

attribution:
  # An agent commit that names no model cannot prove it is a strong model. Most
  # agents do not write one, so refusing it would fail most agent pull requests
  # on sensitive paths; instead such a change needs a second human approval
  # there. A declared strong model needs one; a declared weak model is refused.
  unknownModel:
    require: [second-review]
  # Commits with no AI evidence are human and are not gated.
  unattributed: human
`;

/** The built-in default policy, origin `default`. */
export function defaultPolicy(): Policy {
  return {
    source: { path: DEFAULT_POLICY_SOURCE_PATH, origin: 'default', ref: null, digest: DEFAULT_POLICY_DIGEST },
    // A copy each time: callers may not share (and so cannot corrupt) one mutable object.
    doc: structuredClone(DEFAULT_POLICY_DOC),
  };
}
