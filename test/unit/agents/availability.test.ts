import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AgentCli,
  agentClis,
  type AgentSettings,
  checkAgentAvailability,
  installedAgentCommands,
} from '../../../src/agents/availability';
import type { AgentName } from '../../../src/spec/task-spec';

const allKeys: AgentSettings = {
  anthropic: { apiKey: 'sk-ant-test' },
  agents: { openaiApiKey: 'sk-openai', geminiApiKey: 'gemini', cursorApiKey: 'cursor' },
};

const noKeys: AgentSettings = { anthropic: {}, agents: {} };

/** Every CLI marked installed, so that the key checks are reached for every agent. */
const everyCliInstalled = Object.fromEntries(
  Object.entries(agentClis).map(([agent, cli]) => [agent, { ...cli, installed: true }]),
) as Record<AgentName, AgentCli>;

describe('checkAgentAvailability', () => {
  test('claude-code with key', () => {
    expect(checkAgentAvailability({ agent: 'claude-code', settings: allKeys })).toEqual({
      ok: true,
    });
  });

  test.each([
    ['claude-code', 'Claude Code is not configured: set ANTHROPIC_API_KEY on the workers.'],
    ['codex', 'Codex is not configured: set OPENAI_API_KEY on the workers.'],
    ['gemini', 'Gemini CLI is not configured: set GEMINI_API_KEY on the workers.'],
    ['cursor', 'Cursor is not configured: set CURSOR_API_KEY on the workers.'],
  ] as const)('%s without key', (agent, message) => {
    const result = checkAgentAvailability({ agent, settings: noKeys, clis: everyCliInstalled });
    expect(result).toEqual({ ok: false, code: 'agent_not_configured', message });
  });

  test.each(['codex', 'gemini', 'cursor'] as const)('%s with key and CLI', (agent) => {
    const result = checkAgentAvailability({ agent, settings: allKeys, clis: everyCliInstalled });
    expect(result.ok).toBe(true);
  });

  test('cursor not in image', () => {
    const result = checkAgentAvailability({ agent: 'cursor', settings: allKeys });
    expect(result).toEqual({
      ok: false,
      code: 'agent_not_installed',
      message:
        'Cursor is not available: the agent image does not install its CLI (`cursor-agent`). Choose another agent, for example `agent:claude-code`.',
    });
  });

  test('missing CLI reported before key', () => {
    const result = checkAgentAvailability({ agent: 'cursor', settings: noKeys });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('agent_not_installed');
  });

  test('empty key counts as missing', () => {
    const settings: AgentSettings = { anthropic: { apiKey: '' }, agents: {} };
    const result = checkAgentAvailability({ agent: 'claude-code', settings });
    expect(result.ok).toBe(false);
  });
});

describe('agentClis', () => {
  test('matches the image recipes', async () => {
    const root = join(__dirname, '../../..');
    const recipes = [
      await readFile(join(root, 'images/agent/Dockerfile'), 'utf8'),
      await readFile(join(root, 'scripts/setup/agent-image.sh'), 'utf8'),
    ];
    const packages: Record<AgentName, RegExp> = {
      'claude-code': /claude-code/,
      codex: /@openai\/codex/,
      gemini: /@google\/gemini-cli/,
      cursor: /cursor-agent|cursor\.com\/install/,
    };
    for (const recipe of recipes) {
      for (const [agent, pattern] of Object.entries(packages) as [AgentName, RegExp][]) {
        expect({ agent, installed: pattern.test(recipe) }).toEqual({
          agent,
          installed: agentClis[agent].installed,
        });
      }
    }
  });

  test('installed commands', () => {
    expect(installedAgentCommands()).toEqual(['claude', 'codex', 'gemini']);
  });
});
