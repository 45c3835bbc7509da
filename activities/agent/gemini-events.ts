/**
 * Reading of Gemini CLI's `--output-format stream-json` output (0.61.0): one JSON event a line,
 * `init`, `message` (user, or assistant text in deltas), `tool_use`, `tool_result`, `error`,
 * and last one `result` with a status and the token statistics.
 */
import { JsonLineSplitter, shortCommand, shortPath } from './json-lines';
import type { AgentOutputParser } from './runner';

export interface GeminiResultEvent {
  type: 'result';
  status?: 'success' | 'error';
  error?: { type?: string; message?: string };
  stats?: { input_tokens?: number; output_tokens?: number; cached?: number; total_tokens?: number };
}

interface ToolUse {
  tool_name?: string;
  tool_id?: string;
  parameters?: Record<string, unknown>;
}

const writeTools = new Set(['write_file', 'replace']);

/** Collects actions, the assistant's text, errors, failed writes and the result of a run. */
export class GeminiEventReader implements AgentOutputParser {
  readonly actions: string[] = [];
  result?: GeminiResultEvent;
  /** Assistant text since the last tool call, which is the agent's closing summary at the end. */
  text = '';
  /** Messages of `error` events, such as an API error that the CLI retried. */
  readonly errors: string[] = [];
  /** Paths of `write_file` and `replace` calls whose `tool_result` has status `error`. */
  readonly failedWrites: string[] = [];
  private readonly calls = new Map<string, ToolUse>();
  private readonly lines = new JsonLineSplitter((event) => this.read(event));

  push(chunk: string): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }

  private read(event: Record<string, unknown>): void {
    switch (event.type) {
      case 'message':
        if (event.role !== 'assistant') break;
        this.text =
          event.delta === true
            ? this.text + String(event.content ?? '')
            : String(event.content ?? '');
        break;
      case 'tool_use': {
        const use = event as ToolUse;
        this.calls.set(String(use.tool_id), use);
        this.actions.push(describeGeminiToolUse(use));
        this.text = '';
        break;
      }
      case 'tool_result': {
        const use = this.calls.get(String(event.tool_id));
        if (event.status === 'error' && use && writeTools.has(String(use.tool_name))) {
          this.failedWrites.push(shortPath(String(use.parameters?.file_path ?? '')));
        }
        break;
      }
      case 'error':
        this.errors.push(String(event.message ?? ''));
        break;
      case 'result':
        this.result = event as unknown as GeminiResultEvent;
        break;
    }
  }
}

/** Describes a tool call such as `run_shell_command` in a few words. */
export function describeGeminiToolUse(use: ToolUse): string {
  const parameters = use.parameters ?? {};
  const path = shortPath(String(parameters.file_path ?? parameters.path ?? ''));
  switch (use.tool_name) {
    case 'run_shell_command':
      return `running ${shortCommand(String(parameters.command ?? ''))}`;
    case 'write_file':
      return `writing ${path}`;
    case 'replace':
      return `editing ${path}`;
    case 'read_file':
      return `reading ${path}`;
    default:
      return `using ${use.tool_name ?? 'a tool'}`;
  }
}
