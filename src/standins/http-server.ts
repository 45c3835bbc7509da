import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Listens on 127.0.0.1 at a port that the operating system picks, so a stand-in accepts
 * connections only from this machine and parallel tests do not collide.
 *
 * @returns The origin, such as `http://127.0.0.1:41234`, without a trailing slash.
 * @throws The error of the server's `error` event when listening fails.
 */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/**
 * Stops listening and closes every open connection. From Node.js 19 on, `server.close()` alone
 * closes idle keep-alive connections but waits for those with a request in progress.
 *
 * @throws `ERR_SERVER_NOT_RUNNING` when the server is not listening.
 */
export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
