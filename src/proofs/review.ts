/**
 * A human review proof. Only each reviewer's latest decisive review counts, and
 * only when it approves the head commit, comes from a human who is neither the
 * PR's author, nor a co-author of its agent commits, nor the author or committer
 * of any of its commits (who wrote or pushed part of the change), and from the
 * listed users or teams — unless the policy relaxes one of those rules.
 *
 * An approval is stale when given on an earlier commit than the head, or before
 * the base branch last changed under the same head (switched or force-pushed):
 * either way it approved another diff, and GitHub marks it stale too.
 *
 * A request for changes is not an approval: a push does not make it stale (on
 * GitHub a push dismisses approvals only). It blocks until the same reviewer
 * approves or it is dismissed, whoever the proof lists. A review state GitHub
 * added after this code is a reviewer's standing review too, and blocks.
 */
import { z } from 'zod';
import type { ReviewSnapshot } from '../snapshot.js';
import { shortSha, type ProofContext, type ProofEvidence, type ProofKindModule, type ProofOutcome } from './types.js';

const schema = z
  .object({
    kind: z.literal('review'),
    count: z.number().int().min(1).max(20).default(1).describe('Approvals needed.'),
    users: z.array(z.string().min(1)).default([]).describe('Approvers who count; empty lists mean anyone (other rules still apply).'),
    teams: z
      .array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'write teams as org/team-slug'))
      .default([])
      .describe('Org teams as `org/team-slug`.'),
    allowStale: z
      .boolean()
      .default(false)
      .describe('Approvals made on an earlier commit than the head, or before the base branch changed, count only when true.'),
    allowCoauthors: z
      .boolean()
      .default(false)
      .describe('Humans named as co-authors of agent commits may approve; the author or committer of a commit of the pull request still may not.'),
    allowAuthor: z.boolean().default(false).describe('The PR author may approve their own PR, also when they authored or committed commits of it.'),
    allowBots: z.boolean().default(false).describe('Bot accounts may approve.'),
    requireWriteAccess: z
      .boolean()
      .default(true)
      .describe('Only reviewers with write access count (as for GitHub required reviews); false lets any account approve.'),
    description: z.string().optional(),
  })
  .strict();

export type ReviewProof = z.output<typeof schema>;

export const reviewProof: ProofKindModule<typeof schema> = {
  kind: 'review',
  summary:
    'Approvals of the head commit by eligible human reviewers: not the author, not a co-author of agent commits, not the author or committer of a commit in the pull request, optionally from listed users or teams.',
  schema,
  describe: (proof) => `review ${describeReviewers(proof)}`,
  needs: { teams: (proof) => proof.teams },
  checkPolicy(proof, report) {
    proof.users.forEach((user, i) => {
      if (user.startsWith('@')) report(['users', i], `write the login without \`@\`: \`${user.slice(1)}\``, null);
    });
    proof.teams.forEach((team, i) => {
      if (team.startsWith('@')) report(['teams', i], `write the team without \`@\`: \`${team.slice(1)}\``, null);
    });
  },
  evaluate(_name, proof, ctx): ProofOutcome {
    const evidence: ProofEvidence[] = [];
    let approvals = 0;
    let blocking = 0;
    let unknown = 0;
    // Reviews that would count if their author is in a team whose members could not be read.
    let undecided = 0;
    const refused = refusedTeams(proof, ctx);
    const unreadable = [...refused.keys()];
    for (const review of latestDecisiveReviews(ctx.snapshot.reviews)) {
      if (review.state === 'UNKNOWN') {
        // A state GitHub added after this code: proofgate cannot tell what it means, so it blocks.
        unknown++;
        evidence.push({
          kind: 'review',
          name: review.author?.login ?? '(deleted account)',
          state: review.state,
          counted: true,
          note: `unknown review state ${review.unknownState ?? '(not given)'}: proofgate cannot tell what it means, so it blocks`,
          url: null,
        });
        continue;
      }
      if (review.state === 'CHANGES_REQUESTED') {
        const ignored = ignoreChangeRequest(review, proof);
        if (ignored === null) blocking++;
        evidence.push({
          kind: 'review',
          name: review.author?.login ?? '(deleted account)',
          state: review.state,
          counted: ignored === null,
          note: ignored ?? `blocks until this reviewer approves or the review is dismissed${review.commitSha ? `; on ${shortSha(review.commitSha)}` : ''}`,
          url: null,
        });
        continue;
      }
      const refusal = refuse(review, proof, ctx, unreadable);
      // An approval that would count if its author is in a team whose members could not be read.
      if (refusal === membershipUnknown(unreadable)) undecided++;
      const counted = review.state === 'APPROVED' && refusal === null;
      if (counted) approvals++;
      evidence.push({
        kind: 'review',
        name: review.author?.login ?? '(deleted account)',
        state: review.state,
        counted,
        note: refusal ?? (review.commitSha ? `on ${shortSha(review.commitSha)}` : null),
        url: null,
      });
    }

    const who = describeReviewers(proof);
    const head = shortSha(ctx.headSha);
    const need = `${proof.count} approval${proof.count === 1 ? '' : 's'}`;
    if (unknown > 0) {
      return {
        status: 'fail',
        reason: `${unknown} review${unknown === 1 ? ' is' : 's are'} in a state proofgate does not know`,
        evidence,
        next: `Have the reviewer approve or request changes again, or update proofgate to a version that knows the state.`,
      };
    }
    if (blocking > 0) {
      return {
        status: 'fail',
        reason: `changes requested by ${blocking} reviewer${blocking === 1 ? '' : 's'}`,
        evidence,
        next: `Address the requested changes, then have the same reviewer approve (or dismiss the request), and get approvals ${who}.`,
      };
    }
    if (undecided > 0 && approvals < proof.count) {
      // An approval might count: not green until the teams can be read.
      const teams = unreadable.map((t) => `@${t}`).join(', ');
      const remedies = [...new Set(refused.values())].filter(Boolean);
      return {
        status: 'pending',
        reason: `GitHub refused to show the members of ${teams}, so ${undecided} review${undecided === 1 ? '' : 's'} cannot be counted yet (${approvals} of ${need} ${who} on ${head})`,
        evidence,
        next: `proofgate cannot read ${teams}: ${remedies.join('; ') || 'give it access to organization members'}.`,
      };
    }
    if (approvals >= proof.count) {
      return { status: 'pass', reason: `${approvals} of ${need} ${who} on ${head}`, evidence, next: null };
    }
    const ignored = evidence.filter((e) => e.state === 'APPROVED' && !e.counted).length;
    const ignoredNote = ignored > 0 ? `; ${ignored} approval${ignored === 1 ? '' : 's'} did not count` : '';
    return {
      status: 'pending',
      reason: `${approvals} of ${need} ${who} on ${head}${ignoredNote}`,
      evidence,
      next: `Ask ${reviewers(proof)} to approve ${head}; approvals by bots, the PR author, co-authors of agent commits or authors and committers of its commits${staleNote(proof, ctx)} do not count.`,
    };
  },
};

/** GitHub's rule: a reviewer's latest approve / request-changes / dismissal is their standing review. */
function latestDecisiveReviews(reviews: readonly ReviewSnapshot[]): ReviewSnapshot[] {
  const latest = new Map<string, ReviewSnapshot>();
  const ordered = [...reviews].sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
  for (const review of ordered) {
    if (review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    latest.set(review.author?.login.toLowerCase() ?? `ghost:${review.id}`, review);
  }
  return [...latest.values()];
}

/**
 * Why a standing request for changes does not block, or null when it does. As on
 * GitHub, a request from an account with write access blocks; its commit, and
 * whether the proof lists the reviewer, do not matter.
 */
function ignoreChangeRequest(review: ReviewSnapshot, proof: ReviewProof): string | null {
  if (review.author?.isBot && !proof.allowBots) return 'bot account';
  if (proof.requireWriteAccess && !review.authorCanPush) return 'no write access';
  return null;
}

function refuse(review: ReviewSnapshot, proof: ReviewProof, ctx: ProofContext, unreadable: readonly string[]): string | null {
  if (review.state === 'DISMISSED') return 'dismissed';
  if (!review.author) return 'reviewer account deleted';
  const login = review.author.login.toLowerCase();
  const agent = ctx.agentAccounts.get(login);
  if (agent !== undefined) return `account of ${agent}, which wrote commits in this pull request`;
  if (review.author.isBot && !proof.allowBots) return 'bot account';
  if (login === ctx.prAuthor && !proof.allowAuthor) return 'PR author';
  if (ctx.agentCoauthors.has(login) && !proof.allowCoauthors) return 'co-author of agent commits';
  // Whoever wrote or pushed a commit of the change does not review it; `allowAuthor` still admits the PR author.
  if (ctx.committers.has(login) && !(login === ctx.prAuthor && proof.allowAuthor)) return 'author or committer of a commit in this pull request';
  if (review.commitSha !== ctx.headSha && !proof.allowStale) {
    return `stale: on ${review.commitSha ? shortSha(review.commitSha) : 'an unknown commit'}, head is ${shortSha(ctx.headSha)}`;
  }
  const baseChangedAt = ctx.snapshot.baseChangedAt;
  if (baseChangedAt !== undefined && !proof.allowStale && !givenAfter(review, baseChangedAt)) {
    return `stale: given before the base branch changed (${baseChangedAt}), on another diff`;
  }
  if (proof.requireWriteAccess && !review.authorCanPush) return 'no write access';
  if (proof.users.length > 0 || proof.teams.length > 0) {
    const listed = proof.users.some((u) => u.toLowerCase() === login);
    const inTeam = proof.teams.some((t) => (ctx.snapshot.teams[t.toLowerCase()] ?? ctx.snapshot.teams[t] ?? []).some((m) => m.toLowerCase() === login));
    if (!listed && !inTeam) {
      return unreadable.length > 0 ? membershipUnknown(unreadable) : `not in ${[...proof.users, ...proof.teams].map((name) => `@${name}`).join(', ')}`;
    }
  }
  return null;
}

/** The approvals the proof's staleness rule leaves out, for its next step. */
function staleNote(proof: ReviewProof, ctx: ProofContext): string {
  if (proof.allowStale) return '';
  return ctx.snapshot.baseChangedAt === undefined ? ', or on earlier commits,' : ', or on earlier commits or before the base branch changed,';
}

/**
 * Whether the review was submitted after `time`. GitHub's times are to the
 * second, so a review in the same second as the base change, or with no time,
 * may have seen the old diff: not after.
 */
function givenAfter(review: ReviewSnapshot, time: string): boolean {
  const submitted = Date.parse(review.submittedAt ?? '');
  const changed = Date.parse(time);
  return !Number.isNaN(submitted) && !Number.isNaN(changed) && submitted > changed;
}

/** The note on a review whose author may be in a team proofgate could not read. */
function membershipUnknown(unreadable: readonly string[]): string {
  return `membership of ${unreadable.map((t) => `@${t}`).join(', ')} could not be read`;
}

/** The proof's teams whose members the loader could not read, each with what to do about it. */
function refusedTeams(proof: ReviewProof, ctx: ProofContext): Map<string, string> {
  const refused = ctx.snapshot.unreadableTeams ?? {};
  const found = new Map<string, string>();
  for (const team of proof.teams) {
    const remedy = refused[team] ?? refused[team.toLowerCase()];
    if (remedy !== undefined) found.set(team, remedy);
  }
  return found;
}

/** `from @carol or @acme/security with write access`. */
function describeReviewers(proof: ReviewProof): string {
  return `from ${reviewers(proof)}`;
}

/** Who may approve: `@carol or @acme/security with write access`, `a human reviewer`. */
function reviewers(proof: ReviewProof): string {
  const listed = [...proof.users.map((u) => `@${u}`), ...proof.teams.map((t) => `@${t}`)];
  const extra = proof.requireWriteAccess ? ' with write access' : '';
  return listed.length > 0 ? `${listed.join(' or ')}${extra}` : `a human reviewer${extra}`;
}
