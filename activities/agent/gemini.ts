import { tail } from '../artifacts';
import type { AgentResult, RunAgentInput } from '../types';
import { GeminiEventReader } from './gemini-events';
import { estimateCostUsd } from './prices';
import { buildPrompt } from './prompt';
import { ruleFileSection } from './rule-file';
import {
  agentHome,
  errorResult,
  noResultReason,
  successResult,
  type AgentRunner,
  type RunFacts,
} from './runner';

/** Credentials of the Gemini API, or of a compatible server at `baseUrl`. */
export interface GeminiCredentials {
  apiKey?: string;
  /** Root URL without `/v1beta`, the value of `GOOGLE_GEMINI_BASE_URL`. Google's when unset. */
  baseUrl?: string;
}

/**
 * Model used when the task names none. Gemini CLI 0.61.0 defaults to `auto`, which first asks a
 * classifier model to pick one; a fixed model skips that extra request.
 */
export const geminiDefaultModel = 'gemini-2.5-pro';

/**
 * Settings of Gemini CLI 0.61.0 that skip the auth dialog (API key auth), the folder trust
 * dialog, the update check and usage statistics.
 */
export const geminiSettings = {
  security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
  general: { disableAutoUpdate: true, disableUpdateNag: true },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
};

/** Creates the runner of `gemini -p --output-format stream-json` (Gemini CLI 0.61.0). */
export function createGeminiRunner(credentials: GeminiCredentials): AgentRunner<GeminiEventReader> {
  return {
    name: 'gemini',
    settingsFiles: () => [
      { path: `${agentHome}/.gemini/settings.json`, content: JSON.stringify(geminiSettings) },
    ],
    command: geminiCommand,
    environment: () => {
      const env = [`HOME=${agentHome}`, 'CI=true', 'NO_COLOR=1'];
      if (credentials.apiKey) env.push(`GEMINI_API_KEY=${credentials.apiKey}`);
      if (credentials.baseUrl) env.push(`GOOGLE_GEMINI_BASE_URL=${credentials.baseUrl}`);
      return env;
    },
    createParser: () => new GeminiEventReader(),
    judge: judgeGeminiRun,
  };
}

/** Builds the argument vector; Gemini CLI reads GEMINI.md by itself. */
export async function geminiCommand(input: RunAgentInput): Promise<string[]> {
  const rules = await ruleFileSection(input, ['GEMINI.md']);
  const prompt = rules ? `${buildPrompt(input)}\n\n${rules}` : buildPrompt(input);
  const model = input.model ?? geminiDefaultModel;
  // `--approval-mode yolo` approves every tool call, which headless mode cannot ask about.
  return [
    'gemini',
    '--output-format',
    'stream-json',
    '--approval-mode',
    'yolo',
    '-m',
    model,
    '-p',
    prompt,
  ];
}

/** Judges a run from the `result` and `error` events, failed writes and the git diff. */
export function judgeGeminiRun(reader: GeminiEventReader, facts: RunFacts): AgentResult {
  const { result } = reader;
  const stats = result?.stats;
  const model = facts.input.model ?? geminiDefaultModel;
  const tokens =
    stats?.input_tokens !== undefined && stats.output_tokens !== undefined
      ? {
          inputTokens: stats.input_tokens,
          cachedInputTokens: stats.cached,
          outputTokens: stats.output_tokens,
        }
      : undefined;
  const base = {
    changedFiles: facts.changedFiles,
    transcriptPath: facts.transcriptPath,
    summary: tail(reader.text.trim(), 1000),
    inputTokens: tokens?.inputTokens,
    outputTokens: tokens?.outputTokens,
    costUsd: tokens ? estimateCostUsd(model, tokens) : undefined,
  };
  if (result?.status === 'error' || (!result && reader.errors.length > 0)) {
    const message = result?.error?.message ?? reader.errors.at(-1) ?? 'no message';
    return errorResult(base, `the agent reported an error: ${tail(message, 500)}`);
  }
  if (!result) return errorResult(base, noResultReason(facts));
  if (reader.failedWrites.length > 0 && facts.changedFiles.length === 0) {
    const paths = [...new Set(reader.failedWrites)].join(', ');
    return errorResult(base, `the agent's writes to ${paths} failed and it changed nothing.`);
  }
  return successResult(base);
}
