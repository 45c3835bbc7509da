import type { AgentName } from '../spec/task-spec';

/**
 * Reasoning-effort levels that each agent CLI accepts, lowest first. Sources: `claude --help` of
 * Claude Code 2.1.336 (`--effort low|medium|high|xhigh|max`) and Codex CLI's `docs/config.md`
 * for `model_reasoning_effort` (`minimal|low|medium|high|xhigh`, where `xhigh` needs a model
 * that supports it, such as `gpt-5.1-codex-max`). Gemini CLI and Cursor's CLI take no effort
 * level, so their lists are empty.
 */
export const agentEfforts: Readonly<Record<AgentName, readonly string[]>> = {
  'claude-code': ['low', 'medium', 'high', 'xhigh', 'max'],
  codex: ['minimal', 'low', 'medium', 'high', 'xhigh'],
  gemini: [],
  cursor: [],
};

/** Returns whether `agent` accepts `effort` as its reasoning-effort level. */
export function isValidEffort(agent: AgentName, effort: string): boolean {
  return agentEfforts[agent].includes(effort);
}
