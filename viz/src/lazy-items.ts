/**
 * The model's messages, marks and log lines for a trace whose data values and log lines are
 * read only when first asked for (a compact trace, compact-source.ts): each keeps a reference
 * into the trace's data or text table instead of the value, and a getter reads it (a search
 * reads the data's JSON text instead, made without parsing it). Their participant, where the
 * move did not give it, is worked out by the model's ParticipantResolver (participants.ts): in
 * idle time after the first frame, or for the one item when it is asked for first. Otherwise
 * they are the plain Message, Mark and LogLine of model.ts, field for field.
 */
import type { LogLine, Mark, Message, MessageStart, MessageStatus } from './model.js';
import type { ParticipantResolver } from './participants.js';

/** Reads what a compact trace keeps apart: a data value by index, a text by 1-based ref. */
export interface LazyReader {
  data(ref: number): unknown;
  /** A data value's JSON text (JSON.stringify of `data(ref)`), made without parsing it. */
  json(ref: number): string;
  text(ref: number): string;
  /** Finds the text table's entries ahead while `more()` says so; says whether all are found. */
  prepareTexts(more: () => boolean): boolean;
  /** Makes the data's JSON texts ahead while `more()` says so; says whether all are made. */
  prepareJson(more: () => boolean): boolean;
  /** Forgets the JSON texts made (once the search index holds them). */
  dropJson(): void;
  /** The data values' JSON texts a line at a time (search-lines.ts), when the trace has them. */
  lines?: DataLines;
}

/** A compact trace's data lines as JSON text (CompactRest of sim/engine/trace-compact.ts). */
export interface DataLines {
  /** Its text and data sections, once given (undefined before, and for version 2). */
  readonly inflated: unknown;
  readonly lineCount: number;
  /** How many data values there are. */
  readonly size: number;
  firstValueOf(k: number): number;
  /** Line k as JSON text, where each value's text starts, and the separator's length. */
  lineJson(k: number): { text: string; starts: ArrayLike<number>; sep: number };
}

const readers = new WeakMap<object, LazyReader>();

/** Keeps a model's lazy reader with it, for the work done in idle time (idle-work.ts). */
export function keepReader(model: object, reader: LazyReader): void {
  readers.set(model, reader);
}

/** A model's lazy reader, if its trace is read lazily. */
export function readerOf(model: object): LazyReader | undefined {
  return readers.get(model);
}

/**
 * What a lazy message and a lazy mark share: the reference to their data value, the reader
 * that reads it, and their participant, worked out by the resolver when first asked for.
 */
abstract class LazyItem {
  abstract index: number;
  readonly #ref: number;
  readonly #reader: LazyReader;
  readonly #resolve: ParticipantResolver;
  readonly #isMessage: boolean;
  #participant: string | undefined;

  constructor(
    ref: number,
    reader: LazyReader,
    participant: string | undefined,
    resolve: ParticipantResolver,
    isMessage: boolean,
  ) {
    this.#ref = ref;
    this.#reader = reader;
    this.#participant = participant;
    this.#resolve = resolve;
    this.#isMessage = isMessage;
  }

  get data(): unknown {
    return this.#ref < 0 ? undefined : this.#reader.data(this.#ref);
  }

  /** The data's JSON text (what a search looks at), '' without data. */
  dataJson(): string {
    return this.#ref < 0 ? '' : this.#reader.json(this.#ref);
  }

  /** The index of its data value (-1 without data). */
  get dataRef(): number {
    return this.#ref;
  }

  get participant(): string | undefined {
    if (this.#participant === undefined) this.#resolve.need(this.index, this.#isMessage);
    return this.#participant;
  }

  set participant(p: string | undefined) {
    this.#participant = p;
  }
}

/** A message whose data is read when first asked for; it starts pending, as model.ts's do. */
export class LazyMessage extends LazyItem implements Message {
  index: number;
  msg: number;
  from: string;
  to: string;
  kind: string;
  step: number | undefined;
  move: string | undefined;
  duplicate: boolean;
  tSend: number;
  tEnd: number;
  deliverAt: number;
  sendSeq: number;
  endSeq = -1;
  status: MessageStatus = 'pending';
  reason: string | undefined = undefined;
  cause: number;

  constructor(
    index: number,
    at: MessageStart,
    from: string,
    to: string,
    kind: string,
    step: number | undefined,
    move: string | undefined,
    ref: number,
    reader: LazyReader,
    participant: string | undefined,
    resolve: ParticipantResolver,
  ) {
    super(ref, reader, participant, resolve, true);
    this.index = index;
    this.msg = at.msg;
    this.from = from;
    this.to = to;
    this.kind = kind;
    this.step = step;
    this.move = move;
    this.duplicate = at.duplicate;
    this.tSend = at.tSend;
    this.tEnd = at.deliverAt;
    this.deliverAt = at.deliverAt;
    this.sendSeq = at.sendSeq;
    this.cause = at.cause;
  }
}

/** A local mark whose data is read when first asked for. */
export class LazyMark extends LazyItem implements Mark {
  index: number;
  seq: number;
  t: number;
  node: string;
  kind: string;
  step: number | undefined;
  move: string | undefined;

  constructor(
    f: Omit<Mark, 'data' | 'participant'>,
    ref: number,
    reader: LazyReader,
    participant: string | undefined,
    resolve: ParticipantResolver,
  ) {
    super(ref, reader, participant, resolve, false);
    this.index = f.index;
    this.seq = f.seq;
    this.t = f.t;
    this.node = f.node;
    this.kind = f.kind;
    this.step = f.step;
    this.move = f.move;
  }
}

/** A log line whose text is read when first asked for. */
export class LazyLogLine implements LogLine {
  readonly #ref: number;
  readonly #reader: LazyReader;

  constructor(
    public seq: number,
    public t: number,
    public node: string,
    ref: number,
    reader: LazyReader,
  ) {
    this.#ref = ref;
    this.#reader = reader;
  }

  get line(): string {
    return this.#ref === 0 ? '' : this.#reader.text(this.#ref);
  }
}
