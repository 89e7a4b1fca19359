import WebSocket from 'ws';

/**
 * The `ws` WebSocket the provider uses, always with an 'error' listener of its own. The
 * provider removes its listeners before it closes a socket; `ws` reports a socket closed
 * while still connecting as an 'error' event on the next tick, and an EventEmitter error
 * nobody listens to is thrown — an uncaught exception that would take the core down when
 * the sync stops or fails over during a connect. The provider still hears errors through
 * the listeners it adds.
 */
export class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => undefined);
  }
}
