/**
 * Scenario types for the scripted model server. A scenario lists runs, a run lists steps, and
 * each step is one assistant turn (a tool call or a final text) or an API error response.
 */

/**
 * Input of Claude Code's `Write` tool, which creates or overwrites a file. The tool inputs are type
 * aliases, not interfaces, so that they stay assignable to `Record<string, unknown>`.
 */
export type WriteInput = {
  /** Absolute path; the CLI rejects relative paths. */
  file_path: string;
  content: string;
};

/** Input of Claude Code's `Edit` tool, which replaces an exact substring of a file. */
export type EditInput = {
  /** Absolute path. The CLI rejects an edit of an existing file that this session has not read. */
  file_path: string;
  old_string: string;
  new_string: string;
  replace_all?: boolean;
};

/** Input of Claude Code's `Bash` tool. */
export type BashInput = {
  command: string;
  description?: string;
  /** Timeout of the command in milliseconds. */
  timeout?: number;
};

/** Fields that every tool-call step shares. */
interface ToolStepBase {
  /** Text block sent before the `tool_use` block in the same assistant message. */
  text?: string;
}

/**
 * Assistant turn that calls one tool and stops with `stop_reason: "tool_use"`. The typed variants
 * document the inputs of the common tools; any other tool name takes a free-form input object.
 */
export type ToolStep = ToolStepBase &
  (
    | { tool: 'Write'; input: WriteInput }
    | { tool: 'Edit'; input: EditInput }
    | { tool: 'Bash'; input: BashInput }
    | { tool: string; input: Record<string, unknown> }
  );

/** Assistant turn that replies with text and stops with `stop_reason: "end_turn"`. */
export interface TextStep {
  text: string;
}

/** HTTP error response in Anthropic's error shape, in place of an assistant turn. */
export interface ApiErrorStep {
  error: {
    /** HTTP status, for example 429 (rate limit), 529 (overloaded) or 500. */
    status: number;
    /** Anthropic error type, for example `rate_limit_error`, `overloaded_error` or `api_error`. */
    type: string;
    message: string;
    /**
     * Number of requests that receive this error before the run moves on to the next step.
     * Without it every request at this point of the run fails, retries included.
     */
    times?: number;
    /** Value of the `retry-after` header in seconds. The header is omitted without it. */
    retryAfterSeconds?: number;
    /** Value of the `x-should-retry` header, which the Anthropic SDKs obey. Omitted without it. */
    shouldRetry?: boolean;
  };
}

/** One scripted step of a run. */
export type ScenarioStep = ToolStep | TextStep | ApiErrorStep;

/** Script of one conversation, that is of one agent session started by one prompt. */
export interface ScenarioRun {
  /**
   * Selector for the conversation this run serves: a substring of, or a RegExp tested against,
   * the first user message with its `<system-reminder>` blocks removed. A run without `match`
   * serves the next new conversation that no matching run claims.
   */
  match?: string | RegExp;
  steps: ScenarioStep[];
  /** Text of the final `end_turn` reply sent after the last step. Defaults to `Done.` */
  finalText?: string;
}

/** Script that a model server plays; each run serves at most one conversation. */
export interface Scenario {
  runs: ScenarioRun[];
}

export function isToolStep(step: ScenarioStep): step is ToolStep {
  return 'tool' in step;
}

export function isApiErrorStep(step: ScenarioStep): step is ApiErrorStep {
  return 'error' in step;
}

/**
 * Checks a scenario for mistakes that would otherwise surface as a confusing CLI failure.
 * Throws a `TypeError` that names the run and step.
 */
export function validateScenario(scenario: Scenario): void {
  scenario.runs.forEach((run, runIndex) => {
    run.steps.forEach((step, stepIndex) => {
      const where = `scenario run ${runIndex} step ${stepIndex}`;
      const kinds = ['tool', 'error'].filter((key) => key in step);
      if (kinds.length > 1) {
        throw new TypeError(`${where} is invalid: it sets both "tool" and "error"`);
      }
      if (isToolStep(step)) {
        if (typeof step.tool !== 'string' || step.tool === '') {
          throw new TypeError(`${where} is invalid: "tool" must be a non-empty tool name`);
        }
        if (typeof step.input !== 'object' || step.input === null) {
          throw new TypeError(`${where} is invalid: tool "${step.tool}" needs an input object`);
        }
      } else if (isApiErrorStep(step)) {
        if (!Number.isInteger(step.error.status) || step.error.status < 400) {
          throw new TypeError(
            `${where} is invalid: error status ${step.error.status} is not 4xx/5xx`,
          );
        }
      } else if (typeof step.text !== 'string') {
        throw new TypeError(`${where} is invalid: expected "tool", "text" or "error"`);
      }
    });
  });
}
