/**
 * Runner of Cursor's CLI, built from Cursor's documentation (cursor.com/docs/cli/headless and
 * cursor.com/docs/cli/reference/output-format) because the CLI does not install from npm.
 * NOTE: untested against the live CLI. The unit tests check only the command and the parsing
 * of output in the documented shape, so flags and event fields may differ in a real release.
 */
import { tail } from '../artifacts';
import type { AgentResult, RunAgentInput } from '../types';
import { JsonLineSplitter, shortCommand, shortPath } from './json-lines';
import { buildPrompt } from './prompt';
import { ruleFileSection } from './rule-file';
import {
  agentHome,
  errorResult,
  noResultReason,
  successResult,
  type AgentOutputParser,
  type AgentRunner,
  type RunFacts,
} from './runner';

export interface CursorCredentials {
  apiKey?: string;
}

/** The final `result` event of `--output-format stream-json`. */
export interface CursorResultEvent {
  type: 'result';
  subtype?: string;
  is_error?: boolean;
  result?: string;
  duration_ms?: number;
}

/** Tool call payload: one key such as `shellToolCall` or `writeToolCall` with args and result. */
type CursorToolCall = Record<
  string,
  { args?: Record<string, unknown>; result?: Record<string, unknown> } | undefined
>;

/** Reads `system`, `assistant`, `tool_call` (started and completed) and `result` events. */
export class CursorEventReader implements AgentOutputParser {
  readonly actions: string[] = [];
  result?: CursorResultEvent;
  /** Paths of write and edit calls whose result is an error rather than a success. */
  readonly failedWrites: string[] = [];
  private readonly lines = new JsonLineSplitter((event) => this.read(event));

  push(chunk: string): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }

  private read(event: Record<string, unknown>): void {
    if (event.type === 'result') this.result = event as unknown as CursorResultEvent;
    if (event.type !== 'tool_call') return;
    const call = (event.tool_call ?? {}) as CursorToolCall;
    const [kind, body] = Object.entries(call)[0] ?? [];
    if (!kind) return;
    if (event.subtype === 'started') this.actions.push(describeCursorToolCall(kind, body?.args));
    const isWrite = kind === 'writeToolCall' || kind === 'editToolCall';
    if (event.subtype === 'completed' && isWrite && body?.result && !('success' in body.result)) {
      this.failedWrites.push(shortPath(String(body.args?.path ?? '')));
    }
  }
}

/** Describes a tool call such as `shellToolCall` in a few words. */
export function describeCursorToolCall(kind: string, args: Record<string, unknown> = {}): string {
  const path = shortPath(String(args.path ?? ''));
  switch (kind) {
    case 'shellToolCall':
      return `running ${shortCommand(String(args.command ?? ''))}`;
    case 'writeToolCall':
      return `writing ${path}`;
    case 'editToolCall':
      return `editing ${path}`;
    case 'readToolCall':
      return `reading ${path}`;
    default:
      return `using ${kind.replace(/ToolCall$/, '')}`;
  }
}

/** Creates the runner of `cursor-agent -p --output-format stream-json`. */
export function createCursorRunner(credentials: CursorCredentials): AgentRunner<CursorEventReader> {
  return {
    name: 'cursor',
    // `--force` and `--trust` on the command line replace the permission and trust dialogs.
    settingsFiles: () => [],
    command: cursorCommand,
    environment: () => {
      const env = [`HOME=${agentHome}`, 'CI=true', 'NO_COLOR=1'];
      if (credentials.apiKey) env.push(`CURSOR_API_KEY=${credentials.apiKey}`);
      return env;
    },
    createParser: () => new CursorEventReader(),
    judge: judgeCursorRun,
  };
}

/** Builds the argument vector; Cursor reads AGENTS.md and `.cursor/rules` by itself. */
export async function cursorCommand(input: RunAgentInput): Promise<string[]> {
  const rules = await ruleFileSection(input, ['AGENTS.md', 'CLAUDE.md']);
  const prompt = rules ? `${buildPrompt(input)}\n\n${rules}` : buildPrompt(input);
  const cmd = ['cursor-agent', '-p', '--output-format', 'stream-json', '--force', '--trust'];
  if (input.model) cmd.push('--model', input.model);
  cmd.push(prompt);
  return cmd;
}

/** Judges a run from the `result` event, failed writes and the git diff. Cursor reports no cost. */
export function judgeCursorRun(reader: CursorEventReader, facts: RunFacts): AgentResult {
  const { result } = reader;
  const base = {
    changedFiles: facts.changedFiles,
    transcriptPath: facts.transcriptPath,
    summary: tail(result?.result?.trim() ?? '', 1000),
  };
  if (!result) return errorResult(base, noResultReason(facts));
  if (result.is_error || (result.subtype !== undefined && result.subtype !== 'success')) {
    return errorResult(
      base,
      `the agent reported an error (${result.subtype ?? 'error'}): ${tail(result.result ?? '', 500)}`,
    );
  }
  if (reader.failedWrites.length > 0 && facts.changedFiles.length === 0) {
    const paths = [...new Set(reader.failedWrites)].join(', ');
    return errorResult(base, `the agent's writes to ${paths} failed and it changed nothing.`);
  }
  return successResult(base);
}
