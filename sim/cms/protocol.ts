/**
 * The move as data: the tech note's 11 steps, one row each. Start reading the model here.
 *
 * Each row names the step as the tech note does, the role that sends and the role that
 * receives, the message kinds and local marks it covers, what it creates or destroys, and the
 * CMS log lines it writes (names of the shapes in `loglines.ts`). The handlers annotate their
 * messages with `STEP.<name>`; the explanations, coverage counters, exports, README table and
 * the viewer's colours and legend read this table. No other file writes a step number.
 *
 * A pure-data module that imports nothing, so the viewer may import it (ARCHITECTURE.md): the
 * trace types and this table are the trace vocabulary. `messages.ts` checks at compile time
 * that every kind named here is a message kind or a mark kind; a test checks the log-line
 * names against `loglines.ts`.
 */

/** The parts a move involves. One call bridge may play all three call-bridge roles. */
export type Role =
  'CMM' | 'API bridge' | 'home bridge' | 'chosen bridge' | 'web bridge' | 'browser';

/** Each step's number, by a name for code. */
export const STEP = {
  apiRequest: 1,
  moveRequest: 2,
  moveReply: 3,
  loadBalancing: 4,
  createParticipant: 5,
  websocketMove: 6,
  move: 7,
  endWebsocket: 8,
  endSession: 9,
  teardown: 10,
  newWebsocket: 11,
} as const;

export type StepName = keyof typeof STEP;
export type StepNumber = (typeof STEP)[StepName];

/** One step of the move. */
export interface Step {
  number: StepNumber;
  /** The name in code (`STEP.<id>`). */
  id: StepName;
  /** The step as the tech note says it. */
  name: string;
  /** Who sends; for a local step (4's decision, 10), who acts. */
  from: Role;
  /** Who receives, in order where the step is a relay (11); empty for a local step. */
  to: readonly Role[];
  /** The message kinds sent under this step's number. */
  kinds: readonly string[];
  /** The local marks recorded under this step's number. */
  marks: readonly string[];
  /** What the step brings into being. */
  creates: readonly string[];
  /** What the step destroys. */
  destroys: readonly string[];
  /** The CMS log lines the step writes, by their names in `loglines.ts`. */
  logLines: readonly string[];
}

/** The 11 steps, in order (`STEPS[n - 1].number === n`). */
export const STEPS = [
  {
    number: STEP.apiRequest,
    id: 'apiRequest',
    name: 'CMM calls the API on call bridge B: POST /calls/<call id>/participants with movedParticipant',
    from: 'CMM',
    to: ['API bridge'],
    kinds: ['api.move'],
    marks: [],
    creates: [],
    destroys: [],
    logLines: ['apiPost', 'apiContent', 'apiBody'],
  },
  {
    number: STEP.moveRequest,
    id: 'moveRequest',
    name: 'call bridge B sends the move participant request to call bridge A',
    from: 'API bridge',
    to: ['home bridge'],
    kinds: ['move.request'],
    marks: [],
    creates: [],
    destroys: [],
    logLines: [],
  },
  {
    number: STEP.moveReply,
    id: 'moveReply',
    name: 'call bridge A answers the move request to call bridge B',
    from: 'home bridge',
    to: ['API bridge'],
    kinds: ['move.reply'],
    marks: [],
    creates: ['new guest account (a guest)'],
    destroys: [],
    logLines: [
      'moveOperation',
      'moveOperationSip',
      'credentialScheduled',
      'guestAccountCreated',
      'credentialExecuted',
      'credentialInProgress',
      'credentialStored',
    ],
  },
  {
    number: STEP.loadBalancing,
    id: 'loadBalancing',
    name: 'call bridge B load-balances and places the new participant on call bridge C',
    from: 'API bridge',
    to: ['chosen bridge'],
    kinds: ['replace.query', 'replace.response'],
    marks: ['placement'],
    creates: [],
    destroys: [],
    logLines: ['replaceResponse', 'replaceChoice', 'replaceNone', 'apiFailure'],
  },
  {
    number: STEP.createParticipant,
    id: 'createParticipant',
    name: 'call bridge B asks call bridge C to create the new participant instance and participant',
    from: 'API bridge',
    to: ['chosen bridge', 'API bridge', 'CMM'],
    kinds: ['participant.create', 'participant.created', 'api.response'],
    marks: [],
    creates: ['new participant instance'],
    destroys: [],
    logLines: ['apiCallLeg', 'createdParticipant', 'apiResponse', 'apiLocation'],
  },
  {
    number: STEP.websocketMove,
    id: 'websocketMove',
    name: 'call bridge C sends the websocket move message to web bridge A over C2W',
    from: 'chosen bridge',
    to: ['web bridge'],
    kinds: ['ws.move'],
    marks: ['jwt.issued'],
    creates: ['new JWT'],
    destroys: [],
    logLines: ['newSession', 'instantiating'],
  },
  {
    number: STEP.move,
    id: 'move',
    name: "web bridge A sends the websocket move message to the browser's WC3",
    from: 'web bridge',
    to: ['browser'],
    kinds: ['move'],
    marks: [],
    creates: [],
    destroys: [],
    logLines: [],
  },
  {
    number: STEP.endWebsocket,
    id: 'endWebsocket',
    name: "the browser's WC3 sends the end websocket message to web bridge A",
    from: 'browser',
    to: ['web bridge'],
    kinds: ['ws.end'],
    marks: [],
    creates: [],
    destroys: ['old websocket'],
    logLines: [],
  },
  {
    number: STEP.endSession,
    id: 'endSession',
    name: 'web bridge A passes the end session message to call bridge A',
    from: 'web bridge',
    to: ['home bridge'],
    kinds: ['session.end'],
    marks: [],
    creates: [],
    destroys: ['old session'],
    logLines: [],
  },
  {
    number: STEP.teardown,
    id: 'teardown',
    name: 'call bridge A deletes the participant instance and the old JWT',
    from: 'home bridge',
    to: [],
    kinds: [],
    marks: ['teardown'],
    creates: [],
    destroys: ['old participant instance', 'old JWT', 'old guest account'],
    logLines: [
      'deactivating',
      'tearingDown',
      'leftSpace',
      'destroyingLeg',
      'removingGuest',
      'destroyingGuest',
    ],
  },
  {
    number: STEP.newWebsocket,
    id: 'newWebsocket',
    name: "the browser's WC3 authenticates a new websocket to web bridge A with the new JWT",
    from: 'browser',
    to: ['web bridge', 'chosen bridge', 'browser'],
    kinds: [
      'ws.open',
      'ws.auth',
      'ws.auth.ok',
      'ws.auth.fail',
      'ws.ready',
      'ws.fail',
      'media.connect',
      'media.connected',
      'media.fail',
    ],
    marks: ['joined'],
    creates: ['new websocket', 'new media'],
    destroys: [],
    logLines: [
      'jwtAuthenticated',
      'jwtRejected',
      'allocated',
      'removingH264',
      'configured',
      'combinedRtp',
      'joinedSpace',
      'joinedConference',
    ],
  },
] as const satisfies readonly Step[];

/** The number of steps in a move. */
export const MOVE_STEP_COUNT: number = STEPS.length;

/** The row of step `n`, or undefined when `n` is no step. */
export function stepRow(n: number | undefined): Step | undefined {
  return n === undefined ? undefined : (STEPS as readonly Step[])[n - 1];
}
