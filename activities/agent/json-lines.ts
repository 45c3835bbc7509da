/** Splits a growing output into complete lines and hands each parsed JSON object to `onEvent`. */
export class JsonLineSplitter {
  private buffer = '';

  constructor(private readonly onEvent: (event: Record<string, unknown>) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      this.readLine(this.buffer.slice(0, newline));
      this.buffer = this.buffer.slice(newline + 1);
      newline = this.buffer.indexOf('\n');
    }
  }

  end(): void {
    this.readLine(this.buffer);
    this.buffer = '';
  }

  /** Skips lines that are not JSON objects, such as warnings some CLIs print to stdout. */
  private readLine(line: string): void {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) return;
    let event: unknown;
    try {
      event = JSON.parse(trimmed);
    } catch {
      return;
    }
    if (typeof event === 'object' && event !== null) this.onEvent(event as Record<string, unknown>);
  }
}

/** Shortens a shell command to its first line and at most 80 characters. */
export function shortCommand(command: string): string {
  return command.split('\n')[0]?.slice(0, 80) ?? '';
}

/** Strips the sandbox's workspace prefix from a path. */
export function shortPath(path: string): string {
  return path.replace(/^\/workspace\//, '');
}
