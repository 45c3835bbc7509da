import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Largest tail of an output that goes into workflow history, in characters. */
export const maxTailChars = 4000;

/** Stores large outputs on the worker, so that workflow history carries only paths and tails. */
export class ArtifactStore {
  constructor(private readonly root: string) {}

  /** Returns the absolute path of an artifact of one repository of one task. */
  pathFor(taskId: string, repository: string, name: string): string {
    return resolve(join(this.root, safeSegment(taskId), safeSegment(repository), name));
  }

  async write(path: string, content: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

/** Returns the end of `text`, cut at a line start, at most {@link maxTailChars} long. */
export function tail(text: string, max = maxTailChars): string {
  if (text.length <= max) return text;
  const cut = text.slice(-max);
  const newline = cut.indexOf('\n');
  return newline >= 0 && newline < max / 2 ? cut.slice(newline + 1) : cut;
}

function safeSegment(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '_');
}
