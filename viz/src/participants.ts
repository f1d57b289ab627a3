/**
 * Working out the participant of each message and mark whose move does not give one: by a
 * browser it touches or names, then by the ids (participant GUIDs, guest users, JWTs) that
 * messages of a known participant carry. The first of these is each item's own (its nodes and
 * its data); the second learns from the whole run.
 *
 * A trace parsed whole is resolved at once (`settle`). A compact trace's model (whose data is
 * read only when first asked for) is resolved in slices after its first frame (`advance`, in
 * idle time); an item asked for its participant before then is worked out alone when its own
 * nodes or data tell (`need`), and only otherwise is the whole run resolved there and then.
 * Either way each item gets the participant the whole-run resolution gives it.
 */
import type { Mark, Message, Model } from './model.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The strings in a message's or mark's data that name a participant, a user, a guest or a JWT. */
function identityStrings(data: unknown): string[] {
  if (!isObject(data)) return [];
  const out: string[] = [];
  const add = (v: unknown): void => {
    const x = str(v);
    if (x !== undefined && x !== '') out.push(x);
  };
  for (const k of [
    'browser',
    'participant',
    'participantId',
    'oldParticipant',
    'user',
    'guest',
    'jwtId',
  ])
    add(data[k]);
  const jwt = data.jwt;
  if (isObject(jwt)) {
    add(jwt.id);
    add(jwt.user);
    add(jwt.participant);
  } else add(jwt);
  const details = data.details;
  if (isObject(details)) add(details.browser);
  return out;
}

/** A message or a mark, as the resolution sees it. */
type Item = Message | Mark;

/** The resolution of one model's messages and marks (messages first, then marks, by index). */
export class ParticipantResolver {
  private messages: readonly Message[] = [];
  private items: Item[] = [];
  private browserParticipant: ReadonlyMap<string, string> = new Map();
  private ids: (string[] | undefined)[] = [];
  /** 1 where an item's own step (its nodes, then its data) has run. */
  private own = new Uint8Array(0);
  /** Where the resolution is (run): own steps, or a pass's start, learning or using. */
  private phase: 'own' | 'pass' | 'learn' | 'use' = 'own';
  private pass = 0;
  /** The next item of the phase. */
  private cursor = 0;
  /** Whether the pass gave any item a participant so far. */
  private changed = false;
  private readonly alias = new Map<string, string | null>();
  private learned = new Uint8Array(0);
  /** Whether every item's ids are read in its own step (in slices, so the passes read none). */
  private readAhead = false;
  /** True until `start`, and while the resolution runs (an item's getter then asks nothing). */
  private busy = true;
  /** Whether every item is resolved as far as the run tells. */
  done = false;

  /**
   * Gives the model's messages and marks (made before it, with this resolver) once read;
   * `readAhead` for a model resolved in slices (every item's data is read in its own step).
   */
  start(
    messages: readonly Message[],
    marks: readonly Mark[],
    browserParticipant: ReadonlyMap<string, string>,
    readAhead: boolean,
  ): void {
    this.readAhead = readAhead;
    this.messages = messages;
    this.items = [...messages, ...marks];
    this.browserParticipant = browserParticipant;
    this.ids = new Array<string[] | undefined>(this.items.length);
    this.own = new Uint8Array(this.items.length);
    this.learned = new Uint8Array(this.items.length);
    this.busy = false;
  }

  /**
   * Works out one item's participant, asked for before the resolution is done (its getter
   * calls this while the participant is unknown): from its own nodes and data when they tell,
   * else by resolving the whole run now. Does nothing while the resolution itself runs.
   */
  need(index: number, isMessage: boolean): void {
    if (this.busy || this.done) return;
    this.busy = true;
    try {
      const i = isMessage ? index : this.messages.length + index;
      this.ownStep(i);
      if (this.items[i]!.participant === undefined) this.finish();
    } finally {
      this.busy = false;
    }
  }

  /** Resolves every item now. */
  settle(): void {
    this.advance(() => true);
  }

  /**
   * Goes on with the resolution while `more()` says there is time (it is asked every 256
   * items); returns whether it is done.
   */
  advance(more: () => boolean): boolean {
    if (this.done || this.busy) return this.done;
    this.busy = true;
    try {
      return this.run(more);
    } finally {
      this.busy = false;
    }
  }

  private finish(): void {
    this.run(() => true);
  }

  /**
   * The resolution from where it stopped: each item's own step (and its ids read, which the
   * passes may need), then up to four passes, each learning which ids belong to whom and then
   * using them; an id claimed by two participants is ignored. Items outside any move (the join
   * flow) teach first; the rest only from the third pass on, if that is not enough.
   */
  private run(more: () => boolean): boolean {
    const n = this.items.length;
    let tick = 0;
    const pause = (): boolean => (++tick & 255) === 0 && !more();
    for (;;) {
      if (this.phase === 'own') {
        while (this.cursor < n) {
          const i = this.cursor++;
          this.ownStep(i);
          if (this.readAhead) this.idsOf(i);
          if (pause()) return false;
        }
        this.phase = 'pass';
      }
      if (this.phase === 'pass') {
        if (this.pass >= 4 || !this.items.some((it) => it.participant === undefined)) break;
        this.phase = 'learn';
        this.cursor = 0;
        this.changed = false;
      }
      if (this.phase === 'learn') {
        while (this.cursor < n) {
          this.learn(this.cursor++, this.pass >= 2);
          if (pause()) return false;
        }
        this.phase = 'use';
        this.cursor = 0;
      }
      while (this.cursor < n) {
        if (this.use(this.cursor++)) this.changed = true;
        if (pause()) return false;
      }
      if (!this.changed && this.pass >= 2) break;
      this.pass++;
      this.phase = 'pass';
    }
    this.done = true;
    return true;
  }

  /** Learns the ids of item `i` as its participant's (`all`: items of a move too). */
  private learn(i: number, all: boolean): void {
    const it = this.items[i]!;
    if (it.participant === undefined || this.learned[i] === 1) return;
    if (!all && it.move !== undefined) return;
    this.learned[i] = 1;
    for (const s of this.idsOf(i)) {
      const had = this.alias.get(s);
      if (had === undefined) this.alias.set(s, it.participant);
      else if (had !== it.participant) this.alias.set(s, null);
    }
  }

  /** Gives item `i`, if it has no participant, the one its ids were learned for; says if so. */
  private use(i: number): boolean {
    const it = this.items[i]!;
    if (it.participant !== undefined) return false;
    for (const s of this.idsOf(i)) {
      const p = this.alias.get(s);
      if (p) {
        it.participant = p;
        return true;
      }
    }
    return false;
  }

  private idsOf(i: number): string[] {
    return (this.ids[i] ??= identityStrings(this.items[i]!.data));
  }

  private byBrowser(v: string | undefined): string | undefined {
    return v === undefined ? undefined : this.browserParticipant.get(v);
  }

  /** An item's own step: a message by the browser it touches or names, a mark by its node. */
  private ownStep(i: number): void {
    if (this.own[i] === 1) return;
    this.own[i] = 1;
    const it = this.items[i]!;
    if (it.participant !== undefined) return;
    if (i < this.messages.length) {
      const m = it as Message;
      m.participant =
        this.byBrowser(m.to) ??
        this.byBrowser(m.from) ??
        this.idsOf(i)
          .map((s) => this.browserParticipant.get(s))
          .find((p) => p !== undefined);
    } else {
      const k = it as Mark;
      k.participant = this.byBrowser(k.node);
    }
  }
}

const resolvers = new WeakMap<Model, ParticipantResolver>();

/** Keeps a model's resolver with it, for the work done in idle time (idle-work.ts). */
export function keepResolver(model: Model, resolver: ParticipantResolver): void {
  if (!resolver.done) resolvers.set(model, resolver);
}

/** A model's resolver still to finish, if any. */
export function resolverOf(model: Model): ParticipantResolver | undefined {
  const r = resolvers.get(model);
  return r?.done === false ? r : undefined;
}
