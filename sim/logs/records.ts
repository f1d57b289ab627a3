/**
 * What the correlator builds from the lines: one record per move (the ids the move's lines
 * carry, and its lines as evidence of its steps) and one per join or leave that is no move
 * (context). Plain data; `correlate.ts` fills them, `reconstruct.ts`, `explain.ts`,
 * `conform.ts` and `fit.ts` read them.
 */
import type { StepNumber } from '../cms/protocol.js';
import type { LineName } from './line-patterns.js';
import type { Entry } from './parse.js';

/** One recognised line attributed to a record. */
export interface Evidence {
  entry: Entry;
  name: LineName;
  /** The step it is evidence of (from the step table), or undefined for context lines. */
  step: StepNumber | undefined;
  /**
   * What the line says about the move: `step` (the step happened), `failure` (it failed
   * there: a refusal, a rejected JWT, no server), `cleanup` (the new participant was removed
   * again) or `context`.
   */
  role: 'step' | 'failure' | 'cleanup' | 'context';
}

/** A move as its lines tell it. Every id is optional: the lines that carry it may be missing. */
export interface MoveRecord {
  kind: 'move';
  /** `move-<n>`, numbered in the order the moves' first lines were read. */
  id: string;
  /** The bridge that got the API request (call bridge B). */
  apiNode: string | undefined;
  trace: string | undefined;
  /** The API call id the participant was moved to. */
  callId: string | undefined;
  /** Who sent the request (the `from` of the POST). */
  client: string | undefined;
  /** The moved participant's call leg (the `movedParticipant` GUID). */
  oldLeg: string | undefined;
  oldGuest: string | undefined;
  /**
   * Whether the moved participant is a SIP call: its move names no guest, makes no new guest
   * session (no websocket move, no JWT) and joins the new call without a `via WB3` line.
   */
  sip: boolean;
  /** Where the participant was homed (call bridge A). */
  home: string | undefined;
  newGuest: string | undefined;
  newLeg: string | undefined;
  /** The conference of the API call, as the chosen bridge named it. */
  conference: string | undefined;
  /** The bridge that created the new participant (call bridge C). */
  chosen: string | undefined;
  /** The server that authenticated the new websocket (the web bridge, or C in older logs). */
  webNode: string | undefined;
  /** The conference the new participant joined, and its space's name. */
  joinedConference: string | undefined;
  joinedSpace: string | undefined;
  /** The space the participant left. */
  leftSpace: string | undefined;
  /** The API's answer: a status, with the failure's reason. */
  apiStatus: number | undefined;
  apiReason: string | undefined;
  /** The request body as read so far (CMS may cut it over several lines). */
  body: string;
  evidence: Evidence[];
}

/** A join (or a leave) that is no move: context for the moves. */
export interface JoinRecord {
  kind: 'join';
  /** `join-<n>`. */
  id: string;
  user: string;
  leg: string | undefined;
  node: string;
  space: string | undefined;
  evidence: Evidence[];
}

/** Everything the correlator made of the lines. */
export interface Correlation {
  moves: MoveRecord[];
  joins: JoinRecord[];
  /** The servers that wrote at least one line. */
  nodes: string[];
  /** Recognised lines that belong to no move or join. */
  unattributed: number;
  /**
   * Entries read twice (same server, same millisecond, same text): counted once. Two lines a
   * server really wrote alike in one millisecond are counted once too.
   */
  duplicates: number;
  /** Recognised lines, by shape. */
  recognised: number;
}

/** A fresh move record. */
export function newMove(id: string): MoveRecord {
  return {
    kind: 'move',
    id,
    apiNode: undefined,
    trace: undefined,
    callId: undefined,
    client: undefined,
    oldLeg: undefined,
    oldGuest: undefined,
    sip: false,
    home: undefined,
    newGuest: undefined,
    newLeg: undefined,
    conference: undefined,
    chosen: undefined,
    webNode: undefined,
    joinedConference: undefined,
    joinedSpace: undefined,
    leftSpace: undefined,
    apiStatus: undefined,
    apiReason: undefined,
    body: '',
    evidence: [],
  };
}
