/**
 * Per-model token prices for the CLIs that report tokens but no cost (Codex CLI and Gemini CLI),
 * in US dollars per million tokens. These are estimates from third-party summaries of the
 * providers' price pages, read in 2026: OpenAI's from morphllm.com/openai-api-pricing ("as of
 * June 2026"), Google's from the v3.2.0 release notes of schlebek/ai-wish-generator. A model
 * missing here gets no cost, never a guessed one.
 */
interface TokenPrice {
  input: number;
  /** Price of input tokens read from the provider's prompt cache. */
  cachedInput: number;
  output: number;
}

// TODO: move the prices into configuration when a price changes or a model is added often.
const pricesPerMillion: Record<string, TokenPrice> = {
  'gpt-5.5': { input: 5, cachedInput: 0.5, output: 30 },
  'gpt-5.4': { input: 2.5, cachedInput: 0.25, output: 15 },
  'gpt-5.4-mini': { input: 0.75, cachedInput: 0.075, output: 4.5 },
  'gpt-5.4-nano': { input: 0.2, cachedInput: 0.02, output: 1.25 },
  // Google lists no separate cache price in that source, so cached tokens count as input.
  'gemini-2.5-pro': { input: 1.25, cachedInput: 1.25, output: 10 },
  'gemini-2.5-flash': { input: 0.3, cachedInput: 0.3, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, cachedInput: 0.1, output: 0.4 },
};

export interface TokenCounts {
  /** Input tokens including the cached ones, as both CLIs report them. */
  inputTokens: number;
  cachedInputTokens?: number;
  outputTokens: number;
}

/** Estimates the cost of a run in US dollars, or returns undefined for a model without a price. */
export function estimateCostUsd(model: string, tokens: TokenCounts): number | undefined {
  const price = pricesPerMillion[model];
  if (!price) return undefined;
  const cached = Math.min(tokens.cachedInputTokens ?? 0, tokens.inputTokens);
  const dollars =
    (tokens.inputTokens - cached) * price.input +
    cached * price.cachedInput +
    tokens.outputTokens * price.output;
  return dollars / 1_000_000;
}
