/**
 * One Octokit per installation for its events, rather than one per event.
 *
 * Probot's webhook transform asks the App's Octokit (`auth({ type:
 * "event-octokit", event })`) for each event's `context.octokit`, and gets a
 * new one each time: every plugin set up again, its REST methods, its auth
 * strategy and hooks, about 5 % of the App's CPU and a share of its
 * allocations on an event that re-confirms a verdict. Nothing in that Octokit
 * belongs to the event: it authenticates each request with the installation
 * token from Probot's token cache (renewed there before it expires, as
 * before), its throttling paces by the installation's id through groups shared
 * by all clients, and it logs to the App's logger. So the one made for an
 * installation's event is kept and handed out for its next events.
 *
 * Events about the installation itself (`installation`, e.g. suspended,
 * deleted, new permissions accepted) and events without one get what Probot
 * makes for them, and drop the kept one. At most `limit` installations are
 * kept (the least recently used go first).
 */
import { BoundedCache } from '../bounded-cache.js';

/** Installations whose Octokit is kept. */
export const KEPT_INSTALLATIONS = 1000;

interface EventAuthOptions {
  type?: unknown;
  event?: { name?: unknown; payload?: { installation?: { id?: unknown } | null } | null };
}

type Auth = (options?: unknown) => Promise<unknown>;

/** Makes `appOctokit.auth` hand out one event Octokit per installation (see above). */
export function reuseEventOctokits(appOctokit: { auth: Auth }, limit = KEPT_INSTALLATIONS): void {
  const auth = appOctokit.auth.bind(appOctokit);
  const kept = new BoundedCache<number, Promise<unknown>>(limit);
  appOctokit.auth = (options?: unknown): Promise<unknown> => {
    const { type, event } = (options ?? {}) as EventAuthOptions;
    if (type !== 'event-octokit') return auth(options);
    const installationId = event?.payload?.installation?.id;
    if (typeof installationId !== 'number') return auth(options);
    if (event?.name === 'installation') {
      kept.delete(installationId);
      return auth(options);
    }
    let octokit = kept.get(installationId);
    if (octokit === undefined) {
      octokit = auth(options);
      kept.set(installationId, octokit);
      // A failure is not kept: the next event asks again.
      const made = octokit;
      made.catch(() => {
        if (kept.get(installationId) === made) kept.delete(installationId);
      });
    }
    return octokit;
  };
}
