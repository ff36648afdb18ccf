/** Probot's context reduced to what the gate uses. */
import type { Context } from 'probot';
import type { EventContext } from '../gate-service.js';

export function eventContext(context: Context): EventContext {
  const payload = context.payload as { action?: string; installation?: { id?: number } };
  return {
    client: context.octokit,
    log: context.log,
    event: payload.action ? `${context.name}.${payload.action}` : context.name,
    installationId: payload.installation?.id ?? null,
  };
}
