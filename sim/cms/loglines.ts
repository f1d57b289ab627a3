/**
 * CMS-style log lines, in the shapes of the tech note and Cisco's join/leave logs.
 *
 * Pure formatting: each function returns one line. The handlers decide when to log.
 * `LOG_LINE_SOURCES` says where each shape comes from. A shape (or a variant of one) that no
 * source publishes is movesim's own, and every such line starts with `MOVESIM_PREFIX`: the one
 * rule (`invented`) that keeps movesim's inventions from reading as CMS's own output.
 */

/** The prefix of every log line whose shape no CMS source publishes. */
export const MOVESIM_PREFIX = 'movesim: ';

/** Marks a line movesim invented: the single place the prefix is applied. */
const invented = (line: string): string => `${MOVESIM_PREFIX}${line}`;

/** Where a line shape comes from. */
export type LogLineSource = 'tech note' | 'TN 221729' | 'tech note; movesim variant' | 'movesim';

/**
 * The source of each shape: the tech note's sample, Cisco's join/leave log tech note (TN
 * 221729), or movesim (prefixed). "movesim variant": the tech note's shape, but the variant
 * the sample does not show (a remote server, a participant homed elsewhere) is movesim's and
 * prefixed.
 */
export const LOG_LINE_SOURCES = {
  apiPost: 'tech note',
  apiContent: 'tech note',
  apiBody: 'tech note',
  moveOperation: 'tech note; movesim variant',
  moveOperationSip: 'movesim',
  credentialScheduled: 'tech note',
  guestAccountCreated: 'tech note',
  credentialExecuted: 'tech note',
  credentialInProgress: 'tech note',
  credentialStored: 'tech note',
  replaceResponse: 'tech note',
  replaceChoice: 'tech note; movesim variant',
  replaceNone: 'movesim',
  apiCallLeg: 'tech note',
  createdParticipant: 'tech note',
  apiResponse: 'tech note',
  apiLocation: 'tech note',
  apiFailure: 'movesim',
  newSession: 'tech note',
  instantiating: 'tech note',
  deactivating: 'tech note',
  tearingDown: 'tech note',
  leftSpace: 'tech note',
  destroyingLeg: 'tech note',
  removingGuest: 'tech note',
  destroyingGuest: 'tech note',
  allocated: 'tech note',
  removingH264: 'tech note',
  configured: 'tech note',
  combinedRtp: 'tech note',
  joinedSpace: 'tech note',
  joinedConference: 'tech note',
  jwtAuthenticated: 'TN 221729',
  jwtRejected: 'movesim',
} as const satisfies Record<string, LogLineSource>;

export const logLine = {
  apiPost: (trace: number, callId: string, from: string) =>
    `API trace ${trace}: POST for "/api/v1/calls/${callId}/participants" (from ${from})`,
  apiContent: (trace: number, size: number) =>
    `API trace ${trace}: content data size ${size}, type "application/x-www-form-urlencoded":`,
  /** One line of the request body (`apiBodyLines` splits it as the sample does). */
  apiBody: (trace: number, chunk: string) => `API trace ${trace}: ${chunk}`,
  moveOperation: (
    participant: string,
    user: string,
    homedOnThis: boolean,
    home: string,
    callId: string,
  ) =>
    homedOnThis
      ? `move participant operation: moving WC3 participant ${participant} (${user}) (homed on this callbridge) to call ${callId}`
      : invented(
          `move participant operation: moving WC3 participant ${participant} (${user}) (homed on callbridge '${home}') to call ${callId}`,
        ),
  moveOperationSip: (participant: string, callId: string) =>
    invented(`move participant operation: moving SIP participant ${participant} to call ${callId}`),
  credentialScheduled: (request: number) =>
    `guest login request ${request}: credential storage scheduled (queue length: 1)`,
  guestAccountCreated: (guest: string) => `created guest account with user ID "${guest}"`,
  credentialExecuted: (request: number) =>
    `guest login request ${request}: credential storage executed`,
  credentialInProgress: (request: number) =>
    `guest login request ${request}: credential storage in progress`,
  credentialStored: (request: number) =>
    `guest login request ${request}: successfully stored credentials`,
  /**
   * `load` is the load level in basis points of the bridge's `loadLimit`, rounded down: CMS
   * publishes no unit for it (an assumption), here and in `replaceChoice`.
   */
  replaceResponse: (
    conference: string,
    server: string,
    priority: number,
    load: number,
    running: boolean,
  ) =>
    `replace query for conference ${conference}: response from '${server}' (priority: ${priority}, load level: ${load}, conference is running: ${running ? 1 : 0})`,
  replaceChoice: (
    conference: string,
    local: boolean,
    server: string,
    priority: number,
    load: number,
    running: boolean,
  ) =>
    (local ? (line: string) => line : invented)(
      `replace query for conference ${conference}: using ${local ? 'local' : 'remote'} server '${server}' (priority: ${priority}, load level: ${load}, conference is running: ${running ? 1 : 0})`,
    ),
  replaceNone: (conference: string) =>
    invented(`replace query for conference ${conference}: no server available`),
  apiCallLeg: (leg: string, conference: string, callId: string) =>
    `API call leg ${leg} in call ${conference} (API call ${callId})`,
  createdParticipant: (from: string, user: string, participant: string, callId: string) =>
    `${from}: API user "${user}" created new participant ${participant}, call ${callId}`,
  apiResponse: (trace: number, status: number) =>
    `API trace ${trace}: sending ${status} response, size 0`,
  apiLocation: (trace: number, participant: string) =>
    `API trace ${trace}: Location: /api/v1/participants/${participant}`,
  apiFailure: (trace: number, status: number, reason: string) =>
    invented(`API trace ${trace}: sending ${status} response, failureDetails reason "${reason}"`),
  newSession: (user: string) => `new session created for user "${user}"`,
  instantiating: (user: string) => `instantiating user "${user}"`,
  deactivating: (user: string) => `user "${user}": deactivating due to session resource teardown`,
  tearingDown: (call: number, user: string) =>
    `call ${call}: tearing down ("${user}" conference media)`,
  leftSpace: (user: string, spaceGuid: string, spaceName: string) =>
    `participant "${user}" left space ${spaceGuid} (${spaceName})`,
  destroyingLeg: (call: number, leg: string) => `call ${call}: destroying API call leg ${leg}`,
  removingGuest: (guest: string, name: string) =>
    `removing guest account '${guest}' (name '${name}') on call drop`,
  destroyingGuest: (guest: string) => `destroying guest account with user ID "${guest}"`,
  allocated: (call: number, user: string, name: string) =>
    `call ${call}: allocated for ${user} / "${name}" conference participation (Chrome)`,
  removingH264: (call: number) =>
    `call ${call}: removing h264 from video codec bitmask, because it's Chrome web client and we're using a compatibility profile`,
  configured: (call: number, leg: string) => `call ${call}: configured - API call leg ${leg}`,
  combinedRtp: (call: number) =>
    `call ${call}: setting up combined RTP session for DTLS (combined media and control)`,
  joinedSpace: (user: string, spaceGuid: string, spaceName: string) =>
    `participant "${user}" joined space ${spaceGuid} (${spaceName})`,
  joinedConference: (user: string, leg: string, conference: string) =>
    `participant "${user}" (${leg}) joined conference ${conference} via WB3`,
  jwtAuthenticated: (user: string, bridge: string, callId: string, participant: string) =>
    `WebSocket : Got authenticated JWT for ${user} callbridge ${bridge} call ${callId} participant ${participant}`,
  jwtRejected: (user: string, reason: string) =>
    invented(`WebSocket : JWT for ${user} rejected (${reason})`),
};

/**
 * The API trace's body lines, as the tech note's sample prints a 75-byte form body: a new line
 * after each `&`, and at most `API_BODY_LINE_CHARS` characters a line (the sample breaks the
 * participant id after 48). The width is an assumption fitted to the sample.
 */
export const API_BODY_LINE_CHARS = 48;

/** The lines `apiBody` prints for a form body. */
export function apiBodyLines(body: string): string[] {
  const out: string[] = [];
  for (const field of body.split(/(?<=&)/)) {
    for (let i = 0; i < field.length; i += API_BODY_LINE_CHARS)
      out.push(field.slice(i, i + API_BODY_LINE_CHARS));
  }
  return out;
}
