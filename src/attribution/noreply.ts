/** GitHub's private commit addresses: `[<id>+]<login>@users.noreply.github.com`. */
const NOREPLY = /^(?:([0-9]+)\+)?([^@\s]+)@users\.noreply\.github\.com$/i;

export interface NoreplyAddress {
  /** The account id, on addresses made since 2017; null on older ones. */
  id: string | null;
  login: string;
}

export function parseNoreply(email: string): NoreplyAddress | null {
  const m = NOREPLY.exec(email.trim());
  return m?.[2] ? { id: m[1] ?? null, login: m[2] } : null;
}
