import type { IncomingMessage } from 'node:http';
import { InvalidRequestError } from '../model/request-view';

/** Largest request body accepted, far above what a CLI session sends. */
const maxBodyBytes = 64 * 1024 * 1024;

/** Reads a request body; throws `InvalidRequestError` past {@link maxBodyBytes}. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    length += buffer.length;
    if (length > maxBodyBytes) {
      throw new InvalidRequestError(`request body exceeds ${maxBodyBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
