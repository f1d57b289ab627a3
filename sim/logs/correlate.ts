/**
 * Correlation: each recognised line joined to the move (or join) it belongs to by the ids it
 * carries — the API trace number on its bridge, the `movedParticipant` GUID, the old and new
 * guest ids, the call legs, the API call id and the conference — and mapped to its step by the
 * step table. Lines arrive in time order (`read.ts` merges the files); a line that finds no
 * record is counted, never fatal.
 */
import { type LineName, recognise, STEP_OF_LINE } from './line-patterns.js';
import type { Entry } from './parse.js';
import {
  type Correlation,
  type Evidence,
  type JoinRecord,
  type MoveRecord,
  newMove,
} from './records.js';

/** How long a replace-query line waits for the move or join it belongs to, in ms. */
const REPLACE_WAIT_MS = 60_000;

/** How far apart two copies of one line may be read and still count as duplicates, in ms. */
const DUPLICATE_WINDOW_MS = 1000;

/** The lines that fail a step rather than perform it. */
const FAILURE_LINES: ReadonlySet<LineName> = new Set(['apiFailure', 'jwtRejected', 'replaceNone']);

/** The lines of the old participant's teardown (by user) and of the new one's (cleanup). */
const BY_USER_TEARDOWN: ReadonlySet<LineName> = new Set([
  'deactivating',
  'tearingDown',
  'leftSpace',
  'removingGuest',
  'destroyingGuest',
]);

/** A record is done when no line came for it for this long (log time, ms): 10 minutes. */
export const IDLE_MS = 600_000;

/**
 * Builds moves and joins from entries fed in time order. A record no line came for in
 * `IDLE_MS` is done: it leaves the indexes and goes to `onDone`, so memory holds the records
 * in flight, not the file. Without `onDone` every record is kept and returned by `finish`.
 */
export class Correlator {
  private readonly moves: MoveRecord[] = [];
  private readonly joins: JoinRecord[] = [];
  /** The records in flight, in the order they began. */
  private live: (MoveRecord | JoinRecord)[] = [];
  private moveCount = 0;
  private joinCount = 0;
  private sinceEvict = 0;
  private evictedAtMs = Number.NEGATIVE_INFINITY;
  private readonly nodes = new Set<string>();
  private readonly byTrace = new Map<string, MoveRecord>();
  /** Requests by the participant they move, waiting for their move operation line. */
  private readonly byBodyLeg = new Map<string, MoveRecord[]>();
  private readonly byOldLeg = new Map<string, MoveRecord>();
  private readonly byOldGuest = new Map<string, MoveRecord>();
  private readonly byNewGuest = new Map<string, MoveRecord>();
  private readonly byNewLeg = new Map<string, MoveRecord>();
  private readonly awaitingGuest = new Map<string, MoveRecord>();
  /** Moves by their bridge and guest login request number (the credential lines). */
  private readonly byCredential = new Map<string, MoveRecord>();
  /** Moves and joins by their bridge and media call number (the call set-up lines). */
  private readonly byMediaCall = new Map<string, MoveRecord | JoinRecord>();
  private readonly joinByUser = new Map<string, JoinRecord>();
  private readonly joinByLeg = new Map<string, JoinRecord>();
  private readonly replaces = new Map<string, Evidence[]>();
  private readonly recent = new Map<string, number>();
  private readonly names = new Map<string, string>();
  private unattributed = 0;
  private duplicates = 0;
  private recognised = 0;

  constructor(private readonly onDone?: (r: MoveRecord | JoinRecord) => void) {}

  /** Reads one entry. */
  add(entry: Entry): void {
    // Done records are looked for every 4096 entries, and whenever the log's clock moved on by
    // a tenth of the idle time (a quiet hour between bursts ends the records of the last one).
    if (++this.sinceEvict >= 4096 || entry.ms - this.evictedAtMs >= IDLE_MS / 10) {
      this.sinceEvict = 0;
      this.evictedAtMs = entry.ms;
      this.evict(entry.ms - IDLE_MS);
    }
    const r = recognise(entry.message);
    if (r === undefined) return;
    // A kept line must not hold on to the chunk of the file it was cut from (V8 keeps a
    // substring's parent alive): the record keeps a copy of its own.
    entry.message = ownCopy(entry.message);
    entry.node = this.interned(entry.node);
    if (this.isDuplicate(entry)) return;
    this.nodes.add(entry.node);
    for (const k in r.ids) if (r.ids[k] !== undefined) r.ids[k] = ownCopy(r.ids[k]);
    this.recognised++;
    const ev: Evidence = {
      entry,
      name: r.name,
      step: STEP_OF_LINE.get(r.name),
      role: FAILURE_LINES.has(r.name) ? 'failure' : 'step',
    };
    if (!this.route(ev, r.ids)) this.unattributed++;
  }

  /** The result, once every entry is in. */
  finish(): Correlation {
    this.evict(Number.POSITIVE_INFINITY);
    for (const list of this.replaces.values()) this.unattributed += list.length;
    this.replaces.clear();
    return {
      moves: this.moves,
      joins: this.joins,
      nodes: [...this.nodes].sort(),
      unattributed: this.unattributed,
      duplicates: this.duplicates,
      recognised: this.recognised,
    };
  }

  /** The time of the earliest first line of a record in flight (Infinity when none is). */
  oldestInFlightMs(): number {
    let min = Number.POSITIVE_INFINITY;
    for (const r of this.live) {
      const first = r.evidence[0];
      if (first !== undefined && first.entry.ms < min) min = first.entry.ms;
    }
    return min;
  }

  /** One string per server name, copied off the file's chunk. */
  private interned(node: string): string {
    let own = this.names.get(node);
    if (own === undefined) {
      own = ownCopy(node);
      this.names.set(own, own);
    }
    return own;
  }

  /** Hands every record whose last line is older than `beforeMs` to `onDone`. */
  private evict(beforeMs: number): void {
    const keep: (MoveRecord | JoinRecord)[] = [];
    for (const r of this.live) {
      const last = r.evidence[r.evidence.length - 1];
      if (last !== undefined && last.entry.ms >= beforeMs) keep.push(r);
      else this.done(r);
    }
    this.live = keep;
  }

  /** Removes `r` from every index and hands it on. */
  private done(r: MoveRecord | JoinRecord): void {
    const drop = <V>(map: Map<string, V>, key: string | undefined) => {
      if (key !== undefined && map.get(key) === r) map.delete(key);
    };
    for (const map of [this.byCredential, this.byMediaCall])
      for (const [k, v] of map) if (v === r) map.delete(k);
    if (r.kind === 'join') {
      drop(this.joinByUser, r.user);
      drop(this.joinByLeg, r.leg);
    } else {
      drop(this.byTrace, `${r.apiNode ?? ''}\u0000${r.trace ?? ''}`);
      drop(this.byOldLeg, r.oldLeg);
      drop(this.byOldGuest, r.oldGuest);
      drop(this.byNewGuest, r.newGuest);
      drop(this.byNewLeg, r.newLeg);
      drop(this.awaitingGuest, r.apiNode);
      if (r.oldLeg !== undefined) {
        const waiting = (this.byBodyLeg.get(r.oldLeg) ?? []).filter((x) => x !== r);
        if (waiting.length === 0) this.byBodyLeg.delete(r.oldLeg);
        else this.byBodyLeg.set(r.oldLeg, waiting);
      }
    }
    if (this.onDone !== undefined) this.onDone(r);
    else if (r.kind === 'join') this.joins.push(r);
    else this.moves.push(r);
  }

  /** A new move, in flight. */
  private startMove(): MoveRecord {
    const m = newMove(`move-${++this.moveCount}`);
    this.live.push(m);
    return m;
  }

  /** Whether the same server wrote the same text at the same time a moment ago. */
  private isDuplicate(e: Entry): boolean {
    const key = `${e.node}\u0000${e.ms}\u0000${e.message}`;
    if (this.recent.has(key)) {
      this.duplicates++;
      return true;
    }
    this.recent.set(key, e.ms);
    if (this.recent.size > 4096) {
      for (const [k, ms] of this.recent) if (ms < e.ms - DUPLICATE_WINDOW_MS) this.recent.delete(k);
    }
    return false;
  }

  /** Attributes one line; false when it belongs to nothing known. */
  private route(ev: Evidence, ids: Record<string, string | undefined>): boolean {
    const node = ev.entry.node;
    const traceKey = `${node}\u0000${ids.trace ?? ''}`;
    switch (ev.name) {
      case 'apiPost':
        return this.onPost(ev, ids, traceKey);
      case 'apiContent':
      case 'apiBody':
      case 'apiResponse':
      case 'apiLocation':
      case 'apiFailure':
        return this.onApiTrace(ev, ids, traceKey);
      case 'moveOperation':
      case 'moveOperationSip':
        return this.onMoveOperation(ev, ids);
      case 'credentialScheduled':
      case 'credentialExecuted':
      case 'credentialInProgress':
      case 'credentialStored':
        return this.onCredential(ev, ids.request!);
      case 'removingH264':
      case 'combinedRtp':
        return this.onMediaCall(ev, ids.call!);
      case 'guestAccountCreated':
        return this.onGuestCreated(ev, ids.user!);
      case 'replaceResponse':
      case 'replaceChoice':
      case 'replaceNone':
        return this.onReplace(ev);
      case 'apiCallLeg':
        return this.onCallLeg(ev, ids);
      case 'createdParticipant': {
        // Read before the chosen bridge's call leg line when both bear the same millisecond.
        const m =
          this.byNewLeg.get(ids.leg!) ??
          this.findMove(
            (x) => x.apiNode === node && sameNewCall(x, ids) && x.apiStatus === undefined,
          );
        if (m !== undefined) this.setNewLeg(m, ids.leg!);
        return m !== undefined && push(m, ev);
      }
      case 'destroyingLeg':
        return this.onLegTeardown(ev, ids.leg!);
      default:
        return this.onUserLine(ev, ids);
    }
  }

  private onPost(ev: Evidence, ids: Record<string, string | undefined>, key: string): boolean {
    const m = this.startMove();
    m.apiNode = ev.entry.node;
    m.trace = ids.trace;
    m.callId = ids.callId;
    m.client = ids.from;
    this.byTrace.set(key, m);
    return push(m, ev);
  }

  private onApiTrace(ev: Evidence, ids: Record<string, string | undefined>, key: string): boolean {
    const m = this.byTrace.get(key);
    if (m === undefined) return false;
    if (ev.name === 'apiBody') {
      m.body += ids.rest ?? '';
      const leg = /movedParticipant=([0-9a-fA-F-]{36})/.exec(m.body)?.[1];
      if (leg !== undefined && m.oldLeg === undefined) {
        m.oldLeg = leg;
        const waiting = this.byBodyLeg.get(leg) ?? [];
        waiting.push(m);
        this.byBodyLeg.set(leg, waiting.slice(-16));
      }
      if (m.body.length > 4096) m.body = m.body.slice(-256);
    } else if (ev.name === 'apiLocation') {
      this.setNewLeg(m, ids.leg!);
    } else if (ev.name !== 'apiContent') {
      m.apiStatus = Number(ids.status);
      m.apiReason = ids.reason;
      if (ev.name === 'apiFailure') this.claimReplaces(m, undefined);
    }
    return push(m, ev);
  }

  private onMoveOperation(ev: Evidence, ids: Record<string, string | undefined>): boolean {
    const node = ev.entry.node;
    const waiting = (this.byBodyLeg.get(ids.leg!) ?? []).filter(
      (x) => x.oldGuest === undefined && x.apiNode === node && x.apiStatus === undefined,
    );
    let m = waiting.find((x) => x.callId === ids.callId) ?? waiting[0];
    if (m === undefined) {
      // The POST's lines are missing: the move starts here.
      m = this.startMove();
      m.apiNode = node;
    }
    m.oldLeg = ids.leg;
    m.home = ids.home ?? node;
    m.callId ??= ids.callId;
    this.byOldLeg.set(ids.leg!, m);
    // A SIP participant's move names no user and makes no guest account: its user is the one
    // that joined with that call leg, if its join was read.
    m.sip = ev.name === 'moveOperationSip';
    const user = ids.user ?? this.joinByLeg.get(ids.leg!)?.user;
    if (user !== undefined) {
      m.oldGuest = user;
      this.byOldGuest.set(user, m);
    }
    if (!m.sip) this.awaitingGuest.set(node, m);
    return push(m, ev);
  }

  /**
   * A credential line of a guest login request: the first names the move whose guest account
   * is being made on that bridge, the later ones follow it by the request number.
   */
  private onCredential(ev: Evidence, request: string): boolean {
    const key = `${ev.entry.node}\u0000${request}`;
    let m = this.byCredential.get(key);
    if (ev.name === 'credentialScheduled') {
      m = this.awaitingGuest.get(ev.entry.node);
      if (m === undefined) return false;
      this.byCredential.set(key, m);
    }
    return m !== undefined && push(m, ev);
  }

  /** A call set-up line that names only the media call: it follows that call's `allocated`. */
  private onMediaCall(ev: Evidence, call: string): boolean {
    const r = this.byMediaCall.get(`${ev.entry.node}\u0000${call}`);
    if (r === undefined) return false;
    if (r.kind === 'join') r.evidence.push({ ...ev, role: 'context' });
    else push(r, ev);
    return true;
  }

  /** Remembers which record a media call (its `allocated` line) belongs to. */
  private noteMediaCall(
    ev: Evidence,
    ids: Record<string, string | undefined>,
    r: MoveRecord | JoinRecord,
  ): void {
    if (ev.name === 'allocated') this.byMediaCall.set(`${ev.entry.node}\u0000${ids.call!}`, r);
  }

  private onGuestCreated(ev: Evidence, user: string): boolean {
    const node = ev.entry.node;
    const m = this.awaitingGuest.get(node);
    if (m !== undefined) {
      this.awaitingGuest.delete(node);
      m.newGuest = user;
      this.byNewGuest.set(user, m);
      return push(m, ev);
    }
    const j = this.newJoin(user, node);
    const pending = this.replaces.get(node) ?? [];
    const last = pending[pending.length - 1];
    if (last !== undefined && last.entry.ms === ev.entry.ms) {
      const conf = conferenceOf(last);
      const mine = pending.filter((p) => conferenceOf(p) === conf);
      this.replaces.set(
        node,
        pending.filter((p) => conferenceOf(p) !== conf),
      );
      for (const p of mine) j.evidence.push({ ...p, role: 'context' });
    }
    j.evidence.push({ ...ev, role: 'context' });
    return true;
  }

  private onReplace(ev: Evidence): boolean {
    const node = ev.entry.node;
    const list = (this.replaces.get(node) ?? []).filter(
      (p) => p.entry.ms >= ev.entry.ms - REPLACE_WAIT_MS || (this.unattributed++, false),
    );
    list.push(ev);
    this.replaces.set(node, list);
    return true;
  }

  /** Moves the replace-query lines of `m`'s bridge (for `conference`, or all) into `m`. */
  private claimReplaces(m: MoveRecord, conference: string | undefined): void {
    if (m.apiNode === undefined) return;
    const pending = this.replaces.get(m.apiNode) ?? [];
    const start = m.evidence[0]?.entry.ms ?? 0;
    const since = pending.filter((p) => p.entry.ms >= start);
    const same = since.filter((p) => conferenceOf(p) === conference);
    // CMS may name the replace query's conference otherwise than the call leg's (the tech
    // note's sample does): then the query rounds of this bridge since the move began are its.
    const mine = conference === undefined || same.length === 0 ? since : same;
    this.replaces.set(
      m.apiNode,
      pending.filter((p) => !mine.includes(p)),
    );
    for (const p of mine) insertByTime(m, p);
  }

  private onCallLeg(ev: Evidence, ids: Record<string, string | undefined>): boolean {
    // The API bridge may have answered in the same millisecond, its lines read first.
    const m = this.findMove(
      (x) => sameNewCall(x, ids) && x.chosen === undefined && (x.apiStatus ?? 200) === 200,
    );
    if (m === undefined) return false;
    m.conference = ids.conference;
    m.chosen = ev.entry.node;
    this.setNewLeg(m, ids.leg!);
    this.claimReplaces(m, ids.conference);
    return push(m, ev);
  }

  private setNewLeg(m: MoveRecord, leg: string): void {
    m.newLeg ??= leg;
    this.byNewLeg.set(leg, m);
  }

  private onLegTeardown(ev: Evidence, leg: string): boolean {
    const old = this.byOldLeg.get(leg);
    if (old !== undefined && old.oldGuest !== undefined) return push(old, ev);
    const m = this.byNewLeg.get(leg);
    if (m !== undefined) return push(m, { ...ev, role: 'cleanup' });
    const j = this.joinByLeg.get(leg);
    return j !== undefined && (j.evidence.push({ ...ev, role: 'context' }), true);
  }

  private onUserLine(ev: Evidence, ids: Record<string, string | undefined>): boolean {
    const user = ids.user ?? '';
    const viaLeg = ids.leg === undefined ? undefined : this.byNewLeg.get(ids.leg);
    if (BY_USER_TEARDOWN.has(ev.name)) {
      const old = this.byOldGuest.get(user);
      if (old !== undefined) {
        if (ev.name === 'leftSpace') old.leftSpace = ids.spaceName;
        return push(old, ev);
      }
      const m = this.byNewGuest.get(user);
      if (m !== undefined) return push(m, { ...ev, role: 'cleanup' });
    } else {
      const m = viaLeg ?? this.byNewGuest.get(user);
      if (m !== undefined) {
        this.noteNew(m, ev, ids);
        this.noteMediaCall(ev, ids, m);
        return push(m, ev);
      }
    }
    return this.onJoinLine(ev, ids);
  }

  /** What a line of the new participant tells about the move. */
  private noteNew(m: MoveRecord, ev: Evidence, ids: Record<string, string | undefined>): void {
    if (ev.name === 'jwtAuthenticated' || ev.name === 'jwtRejected') m.webNode ??= ev.entry.node;
    if (ids.leg !== undefined && ev.name !== 'jwtAuthenticated') this.setNewLeg(m, ids.leg);
    if (ev.name === 'joinedConference') m.joinedConference = ids.conference;
    if (ev.name === 'joinedSpace') m.joinedSpace = ids.spaceName;
  }

  private onJoinLine(ev: Evidence, ids: Record<string, string | undefined>): boolean {
    const user = ids.user;
    let j =
      (ids.leg === undefined ? undefined : this.joinByLeg.get(ids.leg)) ??
      (user === undefined ? undefined : this.joinByUser.get(user));
    if (j === undefined) {
      if (user === undefined) return false;
      j = this.newJoin(user, ev.entry.node);
    }
    if (ids.leg !== undefined) {
      j.leg ??= ids.leg;
      this.joinByLeg.set(ids.leg, j);
    }
    if (ev.name === 'joinedSpace') j.space = ids.spaceName;
    this.noteMediaCall(ev, ids, j);
    j.evidence.push({ ...ev, role: 'context' });
    return true;
  }

  private newJoin(user: string, node: string): JoinRecord {
    const j: JoinRecord = {
      kind: 'join',
      id: `join-${++this.joinCount}`,
      user,
      leg: undefined,
      node,
      space: undefined,
      evidence: [],
    };
    this.live.push(j);
    this.joinByUser.set(user, j);
    return j;
  }

  /** The earliest move in flight that `ok` accepts. */
  private findMove(ok: (m: MoveRecord) => boolean): MoveRecord | undefined {
    for (const r of this.live) if (r.kind === 'move' && ok(r)) return r;
    return undefined;
  }
}

/** Whether a line's API call id and (when known) new call leg are `m`'s. */
function sameNewCall(m: MoveRecord, ids: Record<string, string | undefined>): boolean {
  return m.callId === ids.callId && (m.newLeg === undefined || m.newLeg === ids.leg);
}

/** A copy of `s` that shares no memory with the string it was cut from. */
function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** Adds `ev` to `m`; true. */
function push(m: MoveRecord, ev: Evidence): boolean {
  m.evidence.push(ev);
  return true;
}

/** Adds `ev` to `m` in time order (for lines claimed after later ones). */
function insertByTime(m: MoveRecord, ev: Evidence): void {
  let i = m.evidence.length;
  while (i > 0 && m.evidence[i - 1]!.entry.ms > ev.entry.ms) i--;
  m.evidence.splice(i, 0, ev);
}

/** The conference a replace-query line names. */
function conferenceOf(ev: Evidence): string {
  return /conference (\S+):/.exec(ev.entry.message)?.[1] ?? '';
}
