import { type AgentSettings, checkAgentAvailability } from '../agents/availability';
import type { Catalog } from '../catalog/catalog';
import { extractOptions } from '../spec/mention-options';
import { chooseModel, type ModelRules } from '../spec/model-choice';
import { markUpSlackText } from '../spec/slack-markup';
import type { TaskSpec } from '../spec/task-spec';

export interface ApplyModelChoiceOptions {
  spec: TaskSpec;
  /** The raw `text` of the mention, read again to tell whether it named an agent or a model. */
  text: string;
  botUserId: string;
  catalog: Catalog;
  /** Rule table for the chooser; `defaultModelRules` when unset. */
  rules?: ModelRules;
}

/**
 * Sets the spec's agent, model, effort and `modelChoiceReason` from the model chooser when
 * neither the mention nor the channel's defaults name an agent or a model. Otherwise returns
 * the spec unchanged, because a person's or a channel's choice always wins.
 */
export function applyModelChoice(options: ApplyModelChoiceOptions): TaskSpec {
  const { spec } = options;
  const channelDefaults = options.catalog.channels[spec.origin.channel];
  if (channelDefaults?.agent !== undefined || channelDefaults?.model !== undefined) return spec;
  if (namesAgentOrModel(options.text, options.botUserId)) return spec;

  const choice = chooseModel({ task: spec, rules: options.rules });
  return {
    ...spec,
    agent: choice.agent,
    model: choice.model,
    effort: choice.effort,
    modelChoiceReason: choice.reason,
  };
}

/**
 * Returns true when the mention sets `agent:`, `model:` or a compound `codex:model:effort`
 * option. Code spans and links are never read as options, as in `parseMention`.
 */
function namesAgentOrModel(text: string, botUserId: string): boolean {
  const { words } = extractOptions(markUpSlackText(text, { botUserId }));
  return words.some((word) => word.key === 'agent' || word.key === 'model');
}

/**
 * Returns the Slack-ready message that explains why the spec's agent cannot run, or undefined when
 * it can. Without `settings` nothing is checked and the worker reports a missing key later.
 *
 * NOTE: this checks the bot process's settings, which equal the workers' only when both load
 * the same environment.
 */
export function agentUnavailableMessage(
  spec: TaskSpec,
  settings: AgentSettings | undefined,
): string | undefined {
  if (settings === undefined) return undefined;
  const availability = checkAgentAvailability({ agent: spec.agent, settings });
  return availability.ok ? undefined : availability.message;
}
