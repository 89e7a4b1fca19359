import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { QuietWebSocket } from '../../../../electron/newsroom/client/quiet-websocket';

/** A server that takes the TCP connection and never answers the websocket handshake. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the newsroom websocket', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('closes while still connecting without an uncaught error (the sync stopping mid-connect)', async () => {
    const server = await silentServer();
    cleanups.push(server.close);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    cleanups.push(async () => void process.off('uncaughtException', onUncaught));

    const heard: string[] = [];
    const socket = new QuietWebSocket(`ws://127.0.0.1:${server.port}`);
    socket.addEventListener('close', () => heard.push('close'));
    // As the provider does: its error listener removed, then close() while connecting.
    socket.close();
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(uncaught).toEqual([]);
    expect(socket.readyState).toBe(QuietWebSocket.CLOSED);
    expect(heard).toContain('close');
  });
});
