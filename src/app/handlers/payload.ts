/**
 * Reading webhook payloads without trusting their shape. GitHub's payloads
 * vary by event, action and era (some omit `owner`, `app`, `pull_requests`),
 * and a payload may arrive cut short; a handler reads what it needs through
 * these and answers 400 (a failed delivery with a reason) when a field it
 * cannot do without is missing, never a TypeError.
 */
import { DeliveryError } from '../delivery-error.js';

export type Json = Record<string, unknown>;

export function objectAt(value: unknown, key: string): Json | null {
  if (!value || typeof value !== 'object') return null;
  const field = (value as Json)[key];
  return field && typeof field === 'object' && !Array.isArray(field) ? (field as Json) : null;
}

export function stringAt(value: unknown, key: string): string | null {
  if (!value || typeof value !== 'object') return null;
  const field = (value as Json)[key];
  return typeof field === 'string' && field.length > 0 ? field : null;
}

export function numberAt(value: unknown, key: string): number | null {
  if (!value || typeof value !== 'object') return null;
  const field = (value as Json)[key];
  return typeof field === 'number' && Number.isFinite(field) ? field : null;
}

export interface RepositoryRef {
  id: number | null;
  owner: string;
  name: string;
}

/** The repository an event is about: `repository.owner.login` and `name`, or its `full_name`. */
export function repositoryOf(payload: unknown, event: string): RepositoryRef {
  const repository = objectAt(payload, 'repository');
  const fullName = stringAt(repository, 'full_name');
  const owner = stringAt(objectAt(repository, 'owner'), 'login') ?? fullName?.split('/')[0] ?? null;
  const name = stringAt(repository, 'name') ?? fullName?.split('/')[1] ?? null;
  if (!owner || !name) throw unusable(event, 'repository');
  return { id: numberAt(repository, 'id'), owner, name };
}

/** A 400 answer: the payload lacks what the handler needs (sending it again would not help). */
export function unusable(event: string, field: string): DeliveryError {
  return new DeliveryError(`the ${event} payload has no usable \`${field}\`; proofgate cannot tell which pull request it is about`, 400);
}
