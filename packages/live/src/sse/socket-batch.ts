import type { Socket } from 'node:net';
import type { Delivery } from '../delivery.ts';
import { dataFrame, PING_FRAME, type SseFrame } from './frames.ts';

/**
 * What one responder's connections share while the bus dispatches: each event's frame, built once,
 * and the sockets written to in this tick, uncorked together once the tick's dispatching is done.
 */
export class SocketBatch {
  private lastDelivery: Delivery | null = null;
  private lastFrame: SseFrame = PING_FRAME;
  private readonly corked: Socket[] = [];

  /** The bus hands the same Delivery to every subscriber in turn: a one-entry cache suffices. */
  frameOf(delivery: Delivery): SseFrame {
    if (delivery !== this.lastDelivery) {
      this.lastFrame = dataFrame(delivery.payload, String(delivery.id));
      this.lastDelivery = delivery;
    }
    return this.lastFrame;
  }

  /** Corks `socket` until the end of the tick, like res.write does. */
  cork(socket: Socket): void {
    if (socket.writableCorked !== 0) return;
    socket.cork();
    if (this.corked.push(socket) === 1) process.nextTick(this.uncorkAll);
  }

  private readonly uncorkAll = (): void => {
    for (const socket of this.corked) socket.uncork();
    this.corked.length = 0;
  };
}
