import { readFile } from 'node:fs/promises';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocketServer, type WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * The newsroom bench's baseline: a bare y-websocket-style relay of Yjs sync messages, one
 * Y.Doc per room (the URL path), in memory, without sign-in, permissions, persistence or
 * Redis. Run as its own process so its memory is measured alone:
 * `tsx tests/bench/newsroom-relay.ts PORT [ROOM=STATE_FILE]`; prints `ready` when listening.
 */

const MESSAGE_SYNC = 0;

export interface RelayClient {
  doc: Y.Doc;
  synced: Promise<void>;
  close(): void;
}

/** The client side of the same protocol, for the bench's baseline clients. */
export function connectRelay(url: string, room: string, doc: Y.Doc, WebSocketClass: typeof WebSocket): RelayClient {
  const socket = new WebSocketClass(`${url}/${room}`);
  socket.binaryType = 'arraybuffer';
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === socket || socket.readyState !== socket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    socket.send(encoding.toUint8Array(encoder));
  };
  doc.on('update', onUpdate);
  socket.on('open', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
    socket.send(encoding.toUint8Array(encoder));
  });
  socket.on('message', (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    const type = syncProtocol.readSyncMessage(decoder, encoder, doc, socket);
    if (type === syncProtocol.messageYjsSyncStep2) markSynced();
    if (encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder));
  });
  return {
    doc,
    synced,
    close: () => {
      doc.off('update', onUpdate);
      socket.close();
    },
  };
}

async function main(): Promise<void> {
  const [portArg, ...preloads] = process.argv.slice(2);
  const rooms = new Map<string, { doc: Y.Doc; peers: Set<WebSocket> }>();
  const room = (name: string) => {
    let entry = rooms.get(name);
    if (!entry) {
      const doc = new Y.Doc();
      const peers = new Set<WebSocket>();
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeUpdate(encoder, update);
        const message = encoding.toUint8Array(encoder);
        for (const peer of peers) if (peer !== origin && peer.readyState === peer.OPEN) peer.send(message);
      });
      entry = { doc, peers };
      rooms.set(name, entry);
    }
    return entry;
  };
  for (const preload of preloads) {
    const [name, file] = preload.split('=');
    Y.applyUpdate(room(name!).doc, new Uint8Array(await readFile(file!)));
  }
  const server = new WebSocketServer({ port: Number(portArg), host: '127.0.0.1' });
  server.on('connection', (socket, request) => {
    const { doc, peers } = room((request.url ?? '/').slice(1));
    peers.add(socket);
    socket.on('message', (data: Buffer) => {
      try {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.readSyncMessage(decoder, encoder, doc, socket);
        if (encoding.length(encoder) > 1) socket.send(encoding.toUint8Array(encoder));
      } catch {
        socket.close();
      }
    });
    socket.on('close', () => peers.delete(socket));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
    socket.send(encoding.toUint8Array(encoder));
  });
  server.on('listening', () => process.stdout.write('ready\n'));
}

if (process.argv[1]?.endsWith('newsroom-relay.ts')) void main();
