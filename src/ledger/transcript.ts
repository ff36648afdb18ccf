/** Helpers shared by the transcript readers. */
import path from 'node:path';
import type { Transcript } from './build.js';

export interface Line {
  line: number;
  value: Record<string, unknown>;
}

/** JSON Lines; a line that is not a JSON object is a problem, never fatal. */
export function jsonObjects(text: string, problems: Transcript['problems']): Line[] {
  const out: Line[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) out.push({ line: i + 1, value: value as Record<string, unknown> });
      else problems.push({ line: i + 1, message: 'not a JSON object; skipped' });
    } catch {
      const last = i === lines.length - 1 && !text.endsWith('\n');
      problems.push({ line: i + 1, message: last ? 'the last line is cut off (not complete JSON); skipped' : 'not valid JSON; skipped' });
    }
  });
  return out;
}

export function obj(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/**
 * A path the agent wrote, relative to the repository (the session's working
 * directory). Paths outside it are not the pull request's files: null.
 */
export function repoRelative(file: string, cwd: string | null): string | null {
  const posix = file.replace(/\\/g, '/');
  if (!path.posix.isAbsolute(posix)) {
    const normal = path.posix.normalize(posix);
    return normal.startsWith('../') || normal === '..' ? null : normal;
  }
  if (!cwd) return null;
  const rel = path.posix.relative(cwd.replace(/\\/g, '/'), posix);
  return rel === '' || rel.startsWith('../') || path.posix.isAbsolute(rel) ? null : rel;
}

export function earliest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
}

export function latest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
