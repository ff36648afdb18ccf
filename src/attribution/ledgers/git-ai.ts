/**
 * Git AI Standard v3 authorship notes (`refs/notes/ai`, one note per commit):
 *
 *   path/to/file.ts
 *     s_<14hex>::t_<14hex> 1-4,9     AI session + trace
 *     h_<14hex> 12-20                known human
 *     <16hex> 3-5                    legacy (pre-1.4) prompt key
 *   ---
 *   {"schema_version":"authorship/3.0.0","base_commit_sha":"…","prompts":{…},"sessions":{…},"humans":{…}}
 *
 * Files are claimed for the agent (`agent_id.tool`) and model
 * (`agent_id.model`) of the session or legacy prompt record a key names.
 */
import type { LedgerSource } from '../../snapshot.js';
import { agentByAlias } from '../agents.js';
import { normaliseModel } from '../models.js';
import { claimedPaths, knownPaths } from './paths.js';
import type { AttributionEvidence, LedgerProblem } from '../types.js';
import { emptyReading, isRecord, str, type LedgerReading } from './common.js';

const SUPPORTED_SCHEMA = /^authorship\/3\.\d+\.\d+$/;
const RANGES = /^\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*$/;

interface Attestation {
  path: string;
  key: string;
  line: number;
}

/** A path at column 0, double-quoted (with `\"` and `\\` escapes) when it contains spaces. */
function unquotePath(text: string): string | null {
  if (!text.startsWith('"')) return text;
  if (text.length < 2 || !text.endsWith('"')) return null;
  return text.slice(1, -1).replace(/\\(["\\])/g, '$1');
}

function readAttestations(lines: string[], source: string, problems: LedgerProblem[]): Attestation[] {
  const out: Attestation[] = [];
  let path: string | null = null;
  lines.forEach((raw, i) => {
    const text = raw.replace(/\r$/, '');
    if (text.trim() === '') return;
    const line = i + 1;
    if (!/^\s/.test(text)) {
      path = unquotePath(text);
      if (path === null) problems.push({ source, line, message: `unterminated quoted path ${text}; its entries were ignored` });
      return;
    }
    const entry = /^\s+(\S+)\s+(\S+)$/.exec(text);
    if (!entry || !RANGES.test(entry[2] ?? '')) {
      problems.push({ source, line, message: `attestation entry is not "<key> <ranges>": ${text.trim()}` });
      return;
    }
    if (path === null) {
      problems.push({ source, line, message: 'attestation entry before any file path; ignored' });
      return;
    }
    out.push({ path, key: entry[1] ?? '', line });
  });
  return out;
}

/** The session or legacy prompt record an attestation key names. */
function recordFor(key: string, meta: Record<string, unknown>): Record<string, unknown> | null {
  const sessions = isRecord(meta['sessions']) ? meta['sessions'] : {};
  const prompts = isRecord(meta['prompts']) ? meta['prompts'] : {};
  const sessionId = key.split('::')[0] ?? key;
  const rec = sessions[sessionId] ?? prompts[key] ?? prompts[sessionId];
  return isRecord(rec) ? rec : null;
}

function agentOf(tool: string | null): string {
  if (!tool) return 'unknown';
  return agentByAlias(tool)?.id ?? 'unknown';
}

export function readGitAiNote(ledger: LedgerSource, changedPaths: readonly string[] = []): LedgerReading {
  const reading = emptyReading();
  const known = knownPaths(changedPaths);
  const source = ledger.commitSha ? `${ledger.path}@${ledger.commitSha.slice(0, 12)}` : ledger.path;
  const problems = reading.problems;
  const lines = ledger.content.split('\n');
  const divider = lines.findIndex((l) => l.replace(/\r$/, '') === '---');
  if (divider === -1) {
    problems.push({ source, line: null, message: "Git AI note has no '---' line between attestations and metadata; note ignored" });
    return reading;
  }
  const jsonText = lines.slice(divider + 1).join('\n');
  let meta: unknown;
  try {
    meta = JSON.parse(jsonText);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    problems.push({ source, line: divider + 2, message: `Git AI note metadata is not valid JSON (${why}); note ignored` });
    return reading;
  }
  if (!isRecord(meta)) {
    problems.push({ source, line: divider + 2, message: 'Git AI note metadata is not a JSON object; note ignored' });
    return reading;
  }
  const schema = str(meta['schema_version']);
  if (!schema || !SUPPORTED_SCHEMA.test(schema)) {
    problems.push({
      source,
      line: divider + 2,
      message: `unsupported Git AI schema_version ${JSON.stringify(meta['schema_version'] ?? null)} (expected authorship/3.x); note ignored`,
    });
    return reading;
  }

  const byAgentModel = new Map<string, { agent: string; model: string | null; tool: string | null; files: Set<string> }>();
  for (const att of readAttestations(lines.slice(0, divider), source, problems)) {
    if (att.key.startsWith('h_')) continue; // a human's lines: no agent claim
    const rec = recordFor(att.key, meta);
    if (!rec) {
      problems.push({ source, line: att.line, message: `key ${att.key} has no session or prompt record in the metadata; ignored` });
      continue;
    }
    const agentId = isRecord(rec['agent_id']) ? rec['agent_id'] : {};
    const tool = str(agentId['tool']);
    const agent = agentOf(tool);
    const rawModel = str(agentId['model']);
    const model = rawModel ? normaliseModel(rawModel) : null;
    // As the changed files it names (paths.ts): `./src/a.ts` is `src/a.ts`, an ambiguous path counts for each it could be.
    const named = claimedPaths(att.path, known);
    if (named.ambiguous) problems.push({ source, line: att.line, message: `file path ${JSON.stringify(att.path)} ${named.ambiguous}` });
    const k = `${agent}\u0000${model ?? ''}`;
    const group = byAgentModel.get(k) ?? { agent, model, tool, files: new Set<string>() };
    for (const path of named.paths) {
      reading.claims.push({ path, agent, model, commitSha: ledger.commitSha, source: `git-ai-note:${source}` });
      group.files.add(path);
    }
    byAgentModel.set(k, group);
  }

  if (ledger.commitSha) {
    for (const g of byAgentModel.values()) {
      const evidence: AttributionEvidence = {
        source: 'ledger',
        detail: `Git AI note (${source}): tool ${g.tool ?? 'unnamed'}, model ${g.model ?? 'unnamed'}, ${g.files.size} file(s)`,
        strength: 'medium',
        agent: g.agent,
        model: g.model,
      };
      reading.commitEvidence.push({ commitSha: ledger.commitSha, evidence });
    }
  }
  return reading;
}
