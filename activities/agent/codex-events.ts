/**
 * Reading of `codex exec --json` output (Codex CLI 0.171.0): one JSON event a line, such as
 * `thread.started`, `turn.started`, `item.started` and `item.completed` with an `item` of type
 * `agent_message`, `command_execution`, `file_change` or `error`, then `turn.completed` with
 * the token usage or `turn.failed` with the error.
 */
import { JsonLineSplitter, shortCommand, shortPath } from './json-lines';
import type { AgentOutputParser } from './runner';

export interface CodexUsage {
  input_tokens?: number;
  cached_input_tokens?: number;
  output_tokens?: number;
}

interface CodexItem {
  id?: string;
  type?: string;
  text?: string;
  message?: string;
  command?: string;
  status?: string;
  changes?: { path?: string; kind?: string }[];
  tool?: string;
  query?: string;
}

/** Collects the actions, the last agent message, the usage and the errors of a run. */
export class CodexEventReader implements AgentOutputParser {
  readonly actions: string[] = [];
  /** Text of the last `agent_message` item, the agent's summary. */
  lastMessage?: string;
  /** Usage of each completed turn; `codex exec` runs one turn. */
  readonly usages: CodexUsage[] = [];
  /** True once a `turn.completed` event arrived. */
  completed = false;
  /** Message of `turn.failed`, else of the last top-level `error` event. */
  failure?: string;
  /** Paths of `file_change` items whose status is `failed`, such as denied writes. */
  readonly failedChanges: string[] = [];
  private readonly lines = new JsonLineSplitter((event) => this.read(event));

  push(chunk: string): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }

  private read(event: Record<string, unknown>): void {
    const item = event.item as CodexItem | undefined;
    switch (event.type) {
      case 'item.started':
        if (item) this.describe(item);
        break;
      case 'item.completed':
        if (item) this.complete(item);
        break;
      case 'turn.completed':
        this.completed = true;
        this.usages.push((event.usage as CodexUsage | undefined) ?? {});
        break;
      case 'turn.failed':
        this.failure = String((event.error as { message?: unknown } | undefined)?.message ?? '');
        break;
      case 'error':
        this.failure ??= String(event.message ?? '');
        break;
    }
  }

  private complete(item: CodexItem): void {
    if (item.type === 'agent_message' && item.text) this.lastMessage = item.text;
    if (item.type === 'file_change' && item.status === 'failed') {
      this.failedChanges.push(
        ...(item.changes ?? []).map((change) => shortPath(change.path ?? '')),
      );
    }
    // File changes arrive only as completed items, so they are described here.
    if (item.type === 'file_change') this.describe(item);
  }

  private describe(item: CodexItem): void {
    const action = describeCodexItem(item);
    if (action) this.actions.push(action);
  }
}

/** Describes a tool item in a few words, or returns undefined for messages and reasoning. */
export function describeCodexItem(item: CodexItem): string | undefined {
  switch (item.type) {
    case 'command_execution':
      return `running ${shortCommand(item.command ?? '')}`;
    case 'file_change': {
      const paths = (item.changes ?? []).map((change) => shortPath(change.path ?? ''));
      return `editing ${paths.join(', ')}`;
    }
    case 'mcp_tool_call':
      return `using ${item.tool ?? 'an MCP tool'}`;
    case 'web_search':
      return `searching the web for ${String(item.query ?? '').slice(0, 60)}`;
    default:
      return undefined;
  }
}
