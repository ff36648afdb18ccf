/**
 * Agent Trace v0.1 records (`.agent-trace/*.jsonl`), in two shapes:
 *
 * - the spec's: `{version, id, timestamp, vcs:{type,revision}, tool:{name},
 *   files:[{path, conversations:[{contributor:{type, model_id}, ranges:[…]}]}]}`
 * - the flattened one seen in the wild: `{schema:"agent-trace/v0.1.0",
 *   session_id, file_path, start_line, end_line, tool, tool_use_id, …}`, whose
 *   `toolu_` ids are Anthropic tool-use ids, i.e. Claude Code wrote it.
 */
import type { LedgerSource } from '../../snapshot.js';
import { agentByAlias } from '../agents.js';
import { normaliseModel } from '../models.js';
import type { FileClaim } from '../types.js';
import { emptyReading, isRecord, readJsonLines, str, type LedgerReading } from './common.js';
import { claimedPaths, knownPaths as indexKnown } from './paths.js';

const SPEC_VERSION = /^0\.1(?:\.\d+)?$/;
const FLAT_SCHEMA = /^agent-trace\/v0\.1(?:\.\d+)?$/;

interface Emit {
  (claim: Omit<FileClaim, 'source'>, line: number): void;
}

function readSpecRecord(rec: Record<string, unknown>, line: number, emit: Emit): string | null {
  const version = str(rec['version']);
  if (!version || !SPEC_VERSION.test(version)) return `unsupported Agent Trace version ${JSON.stringify(rec['version'] ?? null)} (expected 0.1.x)`;
  if (!Array.isArray(rec['files'])) return 'Agent Trace record has no files[] array';
  const tool = isRecord(rec['tool']) ? str(rec['tool']['name']) : null;
  const agent = tool ? (agentByAlias(tool)?.id ?? 'unknown') : 'unknown';
  const vcs = isRecord(rec['vcs']) ? rec['vcs'] : null;
  const commitSha = vcs && str(vcs['type']) === 'git' ? str(vcs['revision']) : null;
  // Collect first: a record with one bad file entry is ignored whole.
  const claims: Array<Omit<FileClaim, 'source'>> = [];
  for (const file of rec['files']) {
    const path = isRecord(file) ? str(file['path']) : null;
    if (!isRecord(file) || !path) return 'Agent Trace file entry has no path';
    const conversations = Array.isArray(file['conversations']) ? file['conversations'] : [];
    for (const conv of conversations) {
      if (!isRecord(conv)) continue;
      const ranges = Array.isArray(conv['ranges']) ? conv['ranges'] : [];
      const contributors = [conv['contributor'], ...ranges.map((r) => (isRecord(r) ? r['contributor'] : undefined))];
      for (const c of contributors) {
        if (!isRecord(c)) continue;
        const type = str(c['type']);
        if (type !== 'ai' && type !== 'mixed') continue;
        const modelId = str(c['model_id']);
        claims.push({ path, agent, model: modelId ? normaliseModel(modelId) : null, commitSha });
      }
    }
  }
  for (const claim of claims) emit(claim, line);
  return null;
}

function readFlatRecord(rec: Record<string, unknown>, line: number, emit: Emit): string | null {
  const schema = str(rec['schema']);
  if (!schema || !FLAT_SCHEMA.test(schema)) return `unsupported Agent Trace schema ${JSON.stringify(rec['schema'] ?? null)} (expected agent-trace/v0.1.x)`;
  const path = str(rec['file_path']);
  if (!path) return 'Agent Trace record has no file_path';
  const toolUse = str(rec['tool_use_id']);
  const toolName = str(rec['agent']) ?? str(rec['tool_name']);
  const agent = toolUse?.startsWith('toolu_') ? 'claude-code' : toolName ? (agentByAlias(toolName)?.id ?? 'unknown') : 'unknown';
  const modelId = str(rec['model_id']) ?? str(rec['model']);
  const commitSha = str(rec['revision']) ?? str(rec['commit']);
  emit({ path, agent, model: modelId ? normaliseModel(modelId) : null, commitSha }, line);
  return null;
}

export function readAgentTrace(ledger: LedgerSource, knownPaths: readonly string[] = []): LedgerReading {
  const reading = emptyReading();
  const seen = new Set<string>();
  const known = indexKnown(knownPaths);
  // Each claim as the changed files its path names (paths.ts): a spelling cannot make it miss one.
  const emit: Emit = (claim, line) => {
    const named = claimedPaths(claim.path, known);
    if (named.ambiguous) reading.problems.push({ source: ledger.path, line, message: `file path ${JSON.stringify(claim.path)} ${named.ambiguous}` });
    for (const path of named.paths) {
      const key = [path, claim.agent, claim.model, claim.commitSha].join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      reading.claims.push({ ...claim, path, source: `agent-trace:${ledger.path}:${line}` });
    }
  };
  for (const { line, value } of readJsonLines(ledger.content, ledger.path, reading.problems).lines) {
    let problem: string | null;
    if (!isRecord(value)) problem = 'Agent Trace record is not a JSON object';
    else if ('files' in value || 'version' in value) problem = readSpecRecord(value, line, emit);
    else if ('schema' in value || 'file_path' in value) problem = readFlatRecord(value, line, emit);
    else problem = 'not an Agent Trace record (neither the spec shape nor the flattened shape)';
    if (problem) reading.problems.push({ source: ledger.path, line, message: `${problem}; record ignored` });
  }

  const groups = new Map<string, { commitSha: string; agent: string | null; model: string | null; files: Set<string> }>();
  for (const c of reading.claims) {
    if (!c.commitSha) continue;
    const key = [c.commitSha, c.agent, c.model].join('\u0000');
    const g = groups.get(key) ?? { commitSha: c.commitSha, agent: c.agent, model: c.model, files: new Set<string>() };
    g.files.add(c.path);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    reading.commitEvidence.push({
      commitSha: g.commitSha,
      evidence: {
        source: 'ledger',
        detail: `Agent Trace (${ledger.path}): agent ${g.agent ?? 'unnamed'}, model ${g.model ?? 'unnamed'}, ${g.files.size} file(s)`,
        strength: 'medium',
        agent: g.agent,
        model: g.model,
      },
    });
  }
  return reading;
}
