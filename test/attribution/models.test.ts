import { describe, expect, it } from 'vitest';
import { modelFromDisplayName, normaliseModel } from '../../src/attribution/models.js';

describe('normaliseModel', () => {
  it.each<[string, string | null]>([
    // Claude display names
    ['Claude Opus 4.6 (1M context)', 'claude-opus-4-6'],
    ['Claude Sonnet 4.5', 'claude-sonnet-4-5'],
    ['Claude Haiku 4.5', 'claude-haiku-4-5'],
    ['Claude Sonnet 4', 'claude-sonnet-4'],
    ['Claude 3.5 Sonnet', 'claude-sonnet-3-5'],
    ['Claude Fable 5', 'claude-fable-5'],
    // kernel-style and API ids
    ['claude-4.6-sonnet', 'claude-sonnet-4-6'],
    ['claude-sonnet-4.6', 'claude-sonnet-4-6'],
    ['claude-opus-4-6', 'claude-opus-4-6'],
    ['claude-3-opus', 'claude-opus-3'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-3-5-sonnet-20241022', 'claude-sonnet-3-5'],
    ['CLAUDE-OPUS-4-6', 'claude-opus-4-6'],
    // models.dev vendor prefixes are dropped
    ['anthropic/claude-opus-4-5-20251101', 'claude-opus-4-5'],
    ['openai/gpt-5', 'gpt-5'],
    ['google/gemini-2.5-pro', 'gemini-2.5-pro'],
    // routing prefixes (aider's litellm ids) are kept as written
    ['gemini/gemini-2.5-pro', 'gemini/gemini-2.5-pro'],
    ['openrouter/anthropic/claude-sonnet-4', 'openrouter/anthropic/claude-sonnet-4'],
    ['openrouter/deepseek/deepseek-r1:free', 'openrouter/deepseek/deepseek-r1:free'],
    // other names
    ['gpt-5.4', 'gpt-5.4'],
    ['gpt-5-4', 'gpt-5-4'],
    ['OpenAI GPT-5.4', 'gpt-5.4'],
    ['Gemini 2.5 Pro', 'gemini-2.5-pro'],
    ['glm-5.3', 'glm-5.3'],
    ['mai-code-1-flash', 'mai-code-1-flash'],
    // no particular model
    ['Claude', null],
    ['Gemini', null],
    ['Claude Code', null],
    ['unknown-model', null],
    ['', null],
    ['  ', null],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseModel(raw)).toBe(expected);
  });
});

describe('modelFromDisplayName', () => {
  it.each<[string, string | null]>([
    ['Claude Opus 4.6 (1M context)', 'claude-opus-4-6'],
    ['Claude', null],
    ['Claude (claude-opus-4-6)', 'claude-opus-4-6'],
    ['Claude Code 2.1.133 / Claude Opus 4.7 (1M context)', 'claude-opus-4-7'],
    ['Justin & Claude Sonnet 4.6', 'claude-sonnet-4-6'],
    ['aider (gemini/gemini-2.5-pro)', 'gemini/gemini-2.5-pro'],
    ['aider (unknown-model)', null],
    ['AI (Pi/Claude Opus 4.6 [250k])', 'claude-opus-4-6'],
    ['OpenHands-GPT-5', 'gpt-5'],
    ['OpenHands-Claude', null],
    ['Cursor', null],
    ['Copilot Autofix powered by AI', null],
  ])('%j → %j', (name, expected) => {
    expect(modelFromDisplayName(name)).toBe(expected);
  });
});
