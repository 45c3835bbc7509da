/**
 * Reading of Claude Code's `--output-format stream-json` output: one JSON object a line, with
 * `system`, `assistant`, `user` and, last, one `result` event.
 */

import { JsonLineSplitter, shortCommand, shortPath } from './json-lines';

/** The final event of a run, as far as Deckhand reads it. */
export interface ClaudeResultEvent {
  type: 'result';
  subtype: string;
  is_error: boolean;
  result?: string;
  total_cost_usd?: number;
  num_turns?: number;
  usage?: { input_tokens?: number; output_tokens?: number };
  permission_denials?: { tool_name?: string; tool_input?: Record<string, unknown> }[];
}

interface ToolUse {
  type: 'tool_use';
  name: string;
  input?: Record<string, unknown>;
}

/** Claude Code tools that write a file named by `file_path`. */
const writingTools = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

/** Reads the events of a growing output and keeps the result, tool calls and denied writes. */
export class StreamJsonReader {
  result?: ClaudeResultEvent;
  /** Short descriptions of the agent's tool calls, newest last. */
  readonly actions: string[] = [];
  /** Files whose write or edit the operating system refused (a permission error). */
  readonly deniedWrites: string[] = [];
  private readonly writes = new Map<string, string>();
  private readonly lines = new JsonLineSplitter((event) => this.read(event));

  push(chunk: string): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }

  private read(parsed: Record<string, unknown>): void {
    const event = parsed as { type?: string; message?: { content?: unknown[] } };
    if (event.type === 'result') this.result = event as unknown as ClaudeResultEvent;
    if (event.type === 'user') this.readToolResults(event.message?.content ?? []);
    if (event.type !== 'assistant') return;
    for (const block of event.message?.content ?? []) {
      const use = block as ToolUse & { id?: string };
      if (use.type !== 'tool_use') continue;
      this.actions.push(describeToolUse(use));
      const path = use.input?.file_path;
      if (use.id && typeof path === 'string' && writingTools.has(use.name))
        this.writes.set(use.id, path);
    }
  }

  private readToolResults(content: unknown[]): void {
    for (const block of content) {
      const result = block as {
        type?: string;
        tool_use_id?: string;
        is_error?: boolean;
        content?: unknown;
      };
      if (result.type !== 'tool_result' || !result.is_error || !result.tool_use_id) continue;
      const path = this.writes.get(result.tool_use_id);
      const text = JSON.stringify(result.content ?? '');
      if (path && /EACCES|EPERM|permission denied|read-only file system|EROFS/i.test(text)) {
        this.deniedWrites.push(shortPath(path));
      }
    }
  }
}

/** Describes a tool call in a few words, such as `editing src/routes/users.ts`. */
export function describeToolUse(use: ToolUse): string {
  const input = use.input ?? {};
  const path = shortPath(String(input.file_path ?? input.path ?? input.notebook_path ?? ''));
  switch (use.name) {
    case 'Write':
      return `writing ${path}`;
    case 'Edit':
    case 'MultiEdit':
      return `editing ${path}`;
    case 'Read':
      return `reading ${path}`;
    case 'Bash':
      return `running ${shortCommand(String(input.command ?? ''))}`;
    case 'Grep':
    case 'Glob':
      return `searching for ${String(input.pattern ?? '').slice(0, 60)}`;
    default:
      return `using ${use.name}`;
  }
}
