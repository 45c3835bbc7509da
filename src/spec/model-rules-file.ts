import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { ModelRules } from './model-choice';
import { AgentName } from './task-spec';

const Tier = z.enum(['deep', 'balanced', 'fast']);
const count = z.number().int().min(0);

const TierModel = z.object({
  model: z.string().min(1).optional(),
  effort: z.string().min(1).optional(),
});

/** The model-choice table as a deployment writes it; the same shape as `defaultModelRules`. */
const ModelRulesFile = z.object({
  defaultAgent: AgentName,
  rules: z.array(
    z.object({
      kind: z.string().min(1),
      keywords: z.array(z.string().min(1)).optional(),
      size: z
        .object({
          minRepositories: count.optional(),
          maxRepositories: count.optional(),
          minFilePaths: count.optional(),
          maxFilePaths: count.optional(),
          minTextLength: count.optional(),
          maxTextLength: count.optional(),
        })
        .optional(),
      tier: Tier,
    }),
  ),
  fallback: z.object({ kind: z.string().min(1), tier: Tier }),
  models: z.partialRecord(
    AgentName,
    z.object({ deep: TierModel, balanced: TierModel, fast: TierModel }),
  ),
});

/** Raised when the model rules file is missing, unreadable or invalid. */
export class ModelRulesError extends Error {
  override readonly name = 'ModelRulesError';
  readonly code = 'invalid_model_rules';
}

/**
 * Reads the table that replaces Deckhand's default model choice (`DECKHAND_MODEL_RULES`), a
 * YAML or JSON file with the shape of `defaultModelRules`. An invalid file stops start-up with
 * each invalid field's path.
 */
export async function loadModelRules(path: string): Promise<ModelRules> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ModelRulesError(
      `Cannot read the model rules file ${path}: ${(err as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new ModelRulesError(
      `The model rules file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    );
  }
  const parsed = ModelRulesFile.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `- ${issue.path.join('.')}: ${issue.message}`);
    throw new ModelRulesError(`Invalid model rules file ${path}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
