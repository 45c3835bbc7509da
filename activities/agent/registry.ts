import type { Config } from '../../src/config';
import { createClaudeCodeRunner } from './claude-code';
import { createCodexRunner } from './codex';
import { createCursorRunner } from './cursor';
import { createGeminiRunner } from './gemini';
import type { AgentRegistry } from './runner';

/** Creates a runner for every agent CLI, each with its credentials from the configuration. */
export function createAgentRegistry(config: Pick<Config, 'anthropic' | 'agents'>): AgentRegistry {
  const { agents } = config;
  return {
    'claude-code': createClaudeCodeRunner(config.anthropic),
    codex: createCodexRunner({ apiKey: agents.openaiApiKey, baseUrl: agents.openaiBaseUrl }),
    gemini: createGeminiRunner({ apiKey: agents.geminiApiKey, baseUrl: agents.geminiBaseUrl }),
    cursor: createCursorRunner({ apiKey: agents.cursorApiKey }),
  };
}
