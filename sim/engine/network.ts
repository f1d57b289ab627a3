/**
 * The network: when a sent message arrives, and whether it arrives at all.
 *
 * Links are FIFO by default (TCP, TLS and websockets do not reorder): a message never
 * arrives before one sent earlier on the same link. Latency comes from a per-link random
 * stream; fault draws come from a separate per-link stream, so switching a fault on does not
 * change any latency. Faults are all off by default. This file does not know CMS; link
 * classes are opaque names the domain supplies.
 */
import type { Distribution } from './distributions.js';
import type { RandomStream, RandomStreams } from './random.js';
import { type Micros, msToUs } from './time.js';

/** Which links a fault rule applies to; an absent field matches any. */
export interface LinkMatch {
  from?: string;
  to?: string;
  linkClass?: string;
  /** Only messages annotated with this step (see `Envelope.step`). */
  step?: number;
}

export interface ProbabilityRule extends LinkMatch {
  /** Chance per message, 0..1. */
  probability: number;
}

export interface DelaySpikeRule extends ProbabilityRule {
  /** Extra delay added to an affected message, in microseconds. */
  extraUs: Micros;
}

export interface ReorderRule extends ProbabilityRule {
  /** An affected message gets a uniform extra delay up to this and may overtake others. */
  maxExtraUs: Micros;
}

/** A time window in which messages between two sides are lost. */
export interface Partition {
  fromUs: Micros;
  untilUs: Micros;
  sideA: string[];
  sideB: string[];
  /** When true only messages from side A to side B are lost. Default false. */
  oneWay?: boolean;
}

/** Drops the first `count` messages sent at or after `atUs` that match every given field. */
export interface TargetedDrop {
  atUs: Micros;
  kind?: string;
  from?: string;
  to?: string;
  step?: number;
  /** How many matching messages to drop. Default 1. */
  count?: number;
}

/** Network faults; every list defaults to empty (no fault). */
export interface NetworkFaults {
  loss?: ProbabilityRule[];
  duplication?: ProbabilityRule[];
  delaySpikes?: DelaySpikeRule[];
  reorder?: ReorderRule[];
  partitions?: Partition[];
  drops?: TargetedDrop[];
}

export interface NetworkOptions {
  /**
   * The latency distribution of the link from `from` to `to`. Default: 0 ms. A function of
   * the link only: it is asked once per link, when the link carries its first message.
   */
  latency?: (from: string, to: string) => Distribution;
  /**
   * The class of a link (e.g. `api`, `c2w`), for fault rules. Default: `default`. Asked once
   * per link, and only when a probabilistic fault rule exists.
   */
  linkClass?: (from: string, to: string) => string;
  faults?: NetworkFaults;
}

/** The facts of a message the network needs. */
export interface Envelope {
  from: string;
  to: string;
  kind: string;
  step?: number;
}

const ZERO: Distribution = { dist: 'constant', ms: 0 };

/**
 * What the network remembers of one directed link, made when it carries its first message.
 * Its streams are named after the link, `link:<from>><to>` and `fault:<from>><to>`. A large run
 * keeps tens of thousands of links, so a link holds only what routing reads.
 */
export interface Link {
  readonly latency: Distribution;
  /** The `link:<name>` stream of latency draws. */
  readonly stream: RandomStream;
  /** The link's class, known only when a probabilistic fault rule exists. */
  cls: string | undefined;
  /** The `fault:<name>` stream, made when a probabilistic fault rule exists. */
  faultStream: RandomStream | undefined;
  /** When the last in-order message on this link arrives (FIFO links); 0 before the first. */
  lastArrival: Micros;
}

export class Network {
  private readonly anyRules: boolean;
  private readonly dropsLeft: number[];
  private readonly faults: Required<NetworkFaults>;
  private readonly latency: (from: string, to: string) => Distribution;
  private readonly linkClass: (from: string, to: string) => string;

  constructor(
    private readonly random: RandomStreams,
    options: NetworkOptions = {},
  ) {
    this.latency = options.latency ?? (() => ZERO);
    this.linkClass = options.linkClass ?? (() => 'default');
    const f = options.faults ?? {};
    this.faults = {
      loss: f.loss ?? [],
      duplication: f.duplication ?? [],
      delaySpikes: f.delaySpikes ?? [],
      reorder: f.reorder ?? [],
      partitions: f.partitions ?? [],
      drops: f.drops ?? [],
    };
    this.dropsLeft = this.faults.drops.map((d) => d.count ?? 1);
    const r = this.faults;
    this.anyRules =
      r.loss.length + r.duplication.length + r.delaySpikes.length + r.reorder.length > 0;
  }

  /**
   * Whether a reorder rule covers message `m` on `link` (whatever its probability draws): such a
   * message may be overtaken by later messages of its link (control.ts, `deferNext`).
   */
  reorders(m: Envelope, link: Link): boolean {
    const cls = link.cls ?? '';
    for (const r of this.faults.reorder) if (matches(r, m, cls)) return true;
    return false;
  }

  /** How many messages each targeted drop still loses, for a snapshot (snapshot.ts). */
  dropsLeftNow(): number[] {
    return this.dropsLeft.slice();
  }

  /** Puts the targeted drops' counts back as `dropsLeftNow` gave them (a restored snapshot). */
  setDropsLeft(counts: readonly number[]): void {
    for (let i = 0; i < counts.length; i++) this.dropsLeft[i] = counts[i]!;
  }

  /**
   * A new link from `from` to `to`, asked of the latency and class functions once. The caller
   * keeps it and routes every message of that link on it (the simulation keeps one per sender
   * and receiver); a second call gives a second link with the same streams and a fresh FIFO.
   */
  link(from: string, to: string): Link {
    const name = `${from}>${to}`;
    return {
      latency: this.latency(from, to),
      stream: this.random.unshared(`link:${name}`),
      cls: this.anyRules ? this.linkClass(from, to) : undefined,
      faultStream: this.anyRules ? this.random.unshared(`fault:${name}`) : undefined,
      lastArrival: 0,
    };
  }

  /**
   * Why the message last routed will be lost (recorded at its arrival time), or undefined.
   * Set by every `route` call, read right after it: a field, not a result object, because
   * the loop routes every message and a result object per message was measurable garbage.
   */
  dropReason: string | undefined = undefined;
  /** When a second copy of the message last routed arrives (duplication fault), or undefined. */
  duplicateAt: Micros | undefined = undefined;

  /**
   * Decides the fate of a message sent at `sentAt` (after the sender's processing) and returns
   * when it arrives; `dropReason` and `duplicateAt` tell the rest. `link` is the one link of
   * `m.from` to `m.to` the caller keeps (from `this.link`).
   */
  route(m: Envelope, sentAt: Micros, link: Link): Micros {
    this.dropReason = undefined;
    this.duplicateAt = undefined;
    const latencyUs = msToUs(link.stream.sampleMs(link.latency));
    let deliverAt = sentAt + latencyUs;
    const f = this.faults;
    const cls = link.cls ?? '';
    const faultStream = link.faultStream;

    let reordered = false;
    if (faultStream !== undefined) {
      for (const r of f.delaySpikes) {
        if (matches(r, m, cls) && faultStream.chance(r.probability)) deliverAt += r.extraUs;
      }
      for (const r of f.reorder) {
        if (matches(r, m, cls) && faultStream.chance(r.probability)) {
          deliverAt += Math.round(faultStream.next() * r.maxExtraUs);
          reordered = true;
        }
      }
    }
    if (!reordered) {
      const last = link.lastArrival;
      if (last > deliverAt) deliverAt = last;
      link.lastArrival = deliverAt;
    }

    const dropReason =
      f.drops.length + f.partitions.length === 0 && faultStream === undefined
        ? undefined
        : this.lossReason(m, sentAt, cls, faultStream);
    if (dropReason !== undefined) {
      this.dropReason = dropReason;
      return deliverAt;
    }
    if (faultStream !== undefined) {
      for (const r of f.duplication) {
        if (matches(r, m, cls) && faultStream.chance(r.probability)) {
          const extra = msToUs(link.stream.sampleMs(link.latency));
          this.duplicateAt = deliverAt + extra;
          break;
        }
      }
    }
    return deliverAt;
  }

  /** Why a message is lost (targeted drop, partition, loss), if it is. */
  private lossReason(
    m: Envelope,
    sentAt: Micros,
    cls: string,
    faultStream: RandomStream | undefined,
  ): string | undefined {
    const f = this.faults;
    for (let i = 0; i < f.drops.length; i++) {
      const d = f.drops[i]!;
      if (this.dropsLeft[i]! > 0 && sentAt >= d.atUs && dropMatches(d, m)) {
        this.dropsLeft[i]!--;
        return 'targeted-drop';
      }
    }
    for (const p of f.partitions) {
      if (sentAt >= p.fromUs && sentAt < p.untilUs && separates(p, m.from, m.to))
        return 'partition';
    }
    if (faultStream !== undefined) {
      for (const r of f.loss) {
        if (matches(r, m, cls) && faultStream.chance(r.probability)) return 'loss';
      }
    }
    return undefined;
  }
}

function matches(r: LinkMatch, m: Envelope, cls: string): boolean {
  return (
    (r.from === undefined || r.from === m.from) &&
    (r.to === undefined || r.to === m.to) &&
    (r.linkClass === undefined || r.linkClass === cls) &&
    (r.step === undefined || r.step === m.step)
  );
}

function dropMatches(d: TargetedDrop, m: Envelope): boolean {
  return (
    (d.kind === undefined || d.kind === m.kind) &&
    (d.from === undefined || d.from === m.from) &&
    (d.to === undefined || d.to === m.to) &&
    (d.step === undefined || d.step === m.step)
  );
}

function separates(p: Partition, from: string, to: string): boolean {
  const aToB = p.sideA.includes(from) && p.sideB.includes(to);
  if (aToB) return true;
  if (p.oneWay === true) return false;
  return p.sideB.includes(from) && p.sideA.includes(to);
}
