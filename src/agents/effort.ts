import type { AgentName } from '../spec/task-spec';

/**
 * Reasoning-effort levels that each agent CLI accepts, lowest first. Claude Code 2.1.336 lists
 * `--effort low|medium|high|xhigh|max` in `claude --help`. Codex 0.171.0 passes any
 * `model_reasoning_effort` through to the API unchecked. Its list therefore joins three
 * sources: Codex's `docs/config.md` (`minimal` … `xhigh`), `none` from the Responses API, and
 * the model catalog bundled with 0.171.0 (up to `max` and `ultra`). Each model accepts only some
 * of these. Gemini CLI 0.61.0 and Cursor's CLI take no effort level.
 */
export const agentEfforts: Readonly<Record<AgentName, readonly string[]>> = {
  'claude-code': ['low', 'medium', 'high', 'xhigh', 'max'],
  codex: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', 'ultra'],
  gemini: [],
  cursor: [],
};

/** Returns whether `agent` accepts `effort` as its reasoning-effort level. */
export function isValidEffort(agent: AgentName, effort: string): boolean {
  return agentEfforts[agent].includes(effort);
}
