/**
 * The types of the engine's two steering seams, both generic (no CMS in them).
 *
 * Message fates (`SimulationOptions.messageFates`) change what happens to one message, named by
 * its id, when it is sent: it is lost, arrives later, or arrives twice. A run with fates is as
 * deterministic as one without, so a "what if this message had been lost" is a run of its own.
 *
 * Controlled stepping (`Simulation.nextEvent`, `stepNext`, `deferNext`, `dropNext`, `crashNow`)
 * lets a scheduler outside the engine choose, event by event, what happens next, on the same
 * handlers a normal run uses. Each choice is one a message fate or a crash at a time can force in
 * a normal run, so every schedule the scheduler makes can be replayed as a scenario.
 */
import type { Message } from './node.js';
import type { Micros } from './time.js';

/** What happens to one message, chosen by its id; applied when it is sent. */
export type MessageFate =
  /** The message is lost: the trace shows its drop, with reason `what-if`, when it would arrive. */
  | { drop: true }
  /**
   * It arrives `delayUs` later than the network says; later messages on its link stay behind it
   * (links are FIFO), unless `reorder` is set: then they do not wait for it and may overtake it,
   * as when a reorder fault delays a message.
   */
  | { delayUs: Micros; reorder?: boolean }
  /** A second copy arrives right after the first. */
  | { duplicate: true };

/** The drop reason a message fate's loss, and a controlling scheduler's, record. */
export const WHAT_IF_DROP = 'what-if';

/** The next event, as a controlling scheduler sees it. */
export interface NextEvent {
  /** When it is due, in microseconds. */
  at: Micros;
  /** The node it acts on (a message's receiver, a timer's owner, ...). */
  node: string;
  type: 'deliver' | 'timer' | 'action' | 'crash' | 'restart' | 'processing-factor';
  /** False for a cancelled or stale timer: running it only moves the clock. */
  live: boolean;
  /** A delivery's message. */
  message: Message | undefined;
  /**
   * Whether the scheduler may defer or lose it: a delivery's first copy that the network has not
   * already lost.
   */
  steerable: boolean;
  /**
   * Whether later messages of its link may overtake it (`deferNext(n, true)`): a steerable
   * delivery that a reorder rule of the network covers.
   */
  reorderable: boolean;
}

/**
 * Everything the future of a run depends on, as plain data, for a state fingerprint: the clock,
 * each node (status, epoch, processing factor, state, how far its random streams have drawn),
 * each used link (the arrival its FIFO holds later messages behind, its streams' draws) and the
 * live queued events in order. Message and timer ids are left out of the events (they count
 * events, not state), unless message fates make the next message id matter; what a node keeps of
 * them stays in its state.
 */
export interface FingerprintInput {
  now: Micros;
  /**
   * The id the next message will get, only when message fates are set (a fate names a message
   * by id, so then the count is part of the future); undefined otherwise.
   */
  nextMessageId: number | undefined;
  /**
   * Per node: id, up, epoch, processing factor, state, and one flat row of its streams (the draws
   * of its processing stream, then each named stream's name and draws). A stream's draws say
   * where it is: its name is its seed.
   */
  nodes: unknown[][];
  /** Per used link, one flat row: from, to, last arrival, its streams' draws. */
  links: unknown[][];
  pending: unknown[][];
}
