/**
 * The CMS log lines `movesim logs` recognises, as patterns: one regular expression per shape of
 * `sim/cms/loglines.ts`, keyed by the same name, with named groups for the ids a line carries.
 *
 * Which step a line is evidence of comes from the step table (`STEPS[].logLines`), so a line
 * shape moved to another step there is read under that step here. A test checks that every
 * shape has a pattern and that each pattern reads back what the formatter writes.
 */
import { MOVESIM_PREFIX } from '../cms/loglines.js';
import { type StepNumber, STEPS } from '../cms/protocol.js';

/** A GUID as CMS writes it. */
const G = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** The names of the shapes, as `loglines.ts` names them. */
export type LineName =
  | 'apiPost'
  | 'apiContent'
  | 'apiBody'
  | 'moveOperation'
  | 'moveOperationSip'
  | 'credentialScheduled'
  | 'guestAccountCreated'
  | 'credentialExecuted'
  | 'credentialInProgress'
  | 'credentialStored'
  | 'replaceResponse'
  | 'replaceChoice'
  | 'replaceNone'
  | 'apiCallLeg'
  | 'createdParticipant'
  | 'apiResponse'
  | 'apiLocation'
  | 'apiFailure'
  | 'newSession'
  | 'instantiating'
  | 'deactivating'
  | 'tearingDown'
  | 'leftSpace'
  | 'destroyingLeg'
  | 'removingGuest'
  | 'destroyingGuest'
  | 'allocated'
  | 'removingH264'
  | 'configured'
  | 'combinedRtp'
  | 'joinedSpace'
  | 'joinedConference'
  | 'jwtAuthenticated'
  | 'jwtRejected';

/**
 * One pattern per shape, anchored at the start of the message. Groups: `trace` (API trace
 * number), `callId` (the API call id of the POST), `leg` (a call leg / participant GUID),
 * `user` (a guest or user id), `conference`, `server`, `call` (a call number), `home`, `status`,
 * `reason`, `space`, `spaceName`, `rest` (the rest of an API trace line), `webCall` (the web
 * bridge's call number in a JWT line), `request` (a guest
 * login request number), `size` (an API body's size in bytes).
 *
 * The patterns read a message without movesim's `movesim: ` prefix (`recognise` drops it): a
 * shape movesim invented and the tech note's own shape read alike.
 */
export const LINE_PATTERNS: Record<LineName, RegExp> = {
  apiPost: new RegExp(
    `^API trace (?<trace>\\d+): POST for "/api/v1/calls/(?<callId>${G})/participants"` +
      '(?: \\(from (?<from>[^)]*)\\))?',
  ),
  apiResponse: /^API trace (?<trace>\d+): sending (?<status>200) response/,
  apiFailure:
    /^API trace (?<trace>\d+): sending (?<status>\d{3}) response, failureDetails reason "(?<reason>[^"]*)"/,
  apiContent: /^API trace (?<trace>\d+): content data size (?<size>\d+), type "[^"]*":/,
  apiLocation: new RegExp(`^API trace (?<trace>\\d+): Location: /api/v1/participants/(?<leg>${G})`),
  // Any other API trace line is part of the request's body, which CMS may split over lines.
  apiBody: /^API trace (?<trace>\d+): (?<rest>.*)$/,
  moveOperation: new RegExp(
    `^move participant operation: moving WC3 participant (?<leg>${G}) \\((?<user>[^)]*)\\) ` +
      `\\((?:homed on this callbridge|homed on callbridge '(?<home>[^']*)')\\) to call (?<callId>${G})`,
  ),
  moveOperationSip: new RegExp(
    `^move participant operation: moving SIP participant (?<leg>${G}) to call (?<callId>${G})`,
  ),
  credentialScheduled:
    /^guest login request (?<request>\d+): credential storage scheduled \(queue length: \d+\)/,
  credentialExecuted: /^guest login request (?<request>\d+): credential storage executed$/,
  credentialInProgress: /^guest login request (?<request>\d+): credential storage in progress$/,
  credentialStored: /^guest login request (?<request>\d+): successfully stored credentials$/,
  guestAccountCreated: /^created guest account with user ID "(?<user>[^"]*)"/,
  replaceResponse: new RegExp(
    `^replace query for conference (?<conference>${G}): response from '(?<server>[^']*)'`,
  ),
  replaceChoice: new RegExp(
    `^replace query for conference (?<conference>${G}): using (?:local|remote) server '(?<server>[^']*)'`,
  ),
  replaceNone: new RegExp(`^replace query for conference (?<conference>${G}): no server available`),
  apiCallLeg: new RegExp(
    `^API call leg (?<leg>${G}) in call (?<conference>${G}) \\(API call (?<callId>${G})\\)`,
  ),
  createdParticipant: new RegExp(
    `^\\S+: API user "[^"]*" created new participant (?<leg>${G}), call (?<callId>${G})`,
  ),
  newSession: /^new session created for user "(?<user>[^"]*)"/,
  instantiating: /^instantiating user "(?<user>[^"]*)"/,
  deactivating: /^user "(?<user>[^"]*)": deactivating due to session resource teardown/,
  tearingDown: /^call (?<call>\d+): tearing down \("(?<user>[^"]*)" conference media\)/,
  leftSpace: new RegExp(
    `^participant "(?<user>[^"]*)" left space (?<space>${G}) \\((?<spaceName>.*)\\)$`,
  ),
  destroyingLeg: new RegExp(`^call (?<call>\\d+): destroying API call leg (?<leg>${G})`),
  removingGuest: /^removing guest account '(?<user>[^']*)' \(name '.*'\) on call drop/,
  destroyingGuest: /^destroying guest account with user ID "(?<user>[^"]*)"/,
  allocated: /^call (?<call>\d+): allocated for (?<user>\S+) \/ ".*" conference participation/,
  removingH264: /^call (?<call>\d+): removing h264 from video codec bitmask, because /,
  combinedRtp: /^call (?<call>\d+): setting up combined RTP session for DTLS/,
  configured: new RegExp(`^call (?<call>\\d+): configured - API call leg (?<leg>${G})`),
  joinedSpace: new RegExp(
    `^participant "(?<user>[^"]*)" joined space (?<space>${G}) \\((?<spaceName>.*)\\)$`,
  ),
  joinedConference: new RegExp(
    `^participant "(?<user>[^"]*)" \\((?<leg>${G})\\) joined conference (?<conference>${G})`,
  ),
  jwtAuthenticated: new RegExp(
    `^WebSocket : Got authenticated JWT for (?<user>\\S+) callbridge (?<server>\\S+) ` +
      `call (?<webCall>\\S+) participant (?<leg>${G})`,
  ),
  jwtRejected: /^WebSocket : JWT for (?<user>\S+) rejected \((?<reason>[^)]*)\)/,
};

/** The order patterns are tried in: the API body last, since it takes any API trace line. */
const ORDER = (Object.keys(LINE_PATTERNS) as LineName[]).sort(
  (a, b) => Number(a === 'apiBody') - Number(b === 'apiBody'),
);

/** The step each shape is evidence of, from the step table. */
export const STEP_OF_LINE: ReadonlyMap<LineName, StepNumber> = new Map<LineName, StepNumber>(
  STEPS.flatMap((s) => s.logLines.map((l) => [l as LineName, s.number] as const)),
);

/** A recognised line: its shape and the ids it carries. */
export interface Recognised {
  name: LineName;
  ids: Record<string, string | undefined>;
}

/** The shape of `message` and its ids, or undefined for a line movesim does not know. */
export function recognise(line: string): Recognised | undefined {
  const message = line.startsWith(MOVESIM_PREFIX) ? line.slice(MOVESIM_PREFIX.length) : line;
  // Cheap first letters keep noise (STATS, SIP lines) from trying every pattern.
  const c = message.charCodeAt(0);
  if (c !== 65 && c !== 87 && !(c >= 97 && c <= 122) && !(c >= 48 && c <= 57)) return undefined;
  for (const name of ORDER) {
    const m = LINE_PATTERNS[name].exec(message);
    if (m !== null) return { name, ids: { ...m.groups } };
  }
  return undefined;
}
