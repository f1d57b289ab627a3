/**
 * Every assumption of the CMS model, as a named default in one place.
 *
 * Where Cisco publishes a fact (the tech note, the API reference, the deployment guides), the value
 * follows it; where nothing public says it,
 * the value is an **assumption**, calibrated to the tech note's same-bridge log sample (200
 * response at +7 ms, old leg torn down at +33 ms, new media at +191 ms after the API request)
 * and to a fresh guest join (media at about +170 ms). Scenario files override all of these.
 */
import type { Distribution } from '../engine/index.js';

/** Latency of each link class, one way. */
export const DEFAULT_LATENCY: Readonly<Record<LinkClass, Distribution>> = {
  /** CMM to the call bridge's REST API, inside the data centre. Assumption. */
  api: { dist: 'lognormal', medianMs: 1, p99Ms: 5 },
  /** Between call bridges of a cluster (DOMAIN: round trip at most 300 ms). Assumption. */
  peer: { dist: 'lognormal', medianMs: 1, p99Ms: 6 },
  /** The TLS "C2W" link between a call bridge and a web bridge. Assumption. */
  c2w: { dist: 'lognormal', medianMs: 2, p99Ms: 8 },
  /** The browser's websocket (and HTTPS) to its web bridge, over the internet. Assumption. */
  websocket: { dist: 'lognormal', medianMs: 8, p99Ms: 40 },
  /** The browser's media path to the call bridge. Assumption. */
  media: { dist: 'lognormal', medianMs: 8, p99Ms: 40 },
  /** A node talking to itself (steps 2, 3 and 5 when the bridges coincide). */
  loopback: { dist: 'constant', ms: 0 },
};

/** The link classes of a CMS cluster. */
export type LinkClass = 'api' | 'peer' | 'c2w' | 'websocket' | 'media' | 'loopback';

/** Time each node kind takes to handle an input before it sends. Assumption. */
export const DEFAULT_PROCESSING: Readonly<Record<string, Distribution>> = {
  cmm: { dist: 'lognormal', medianMs: 0.5, p99Ms: 2 },
  callbridge: { dist: 'lognormal', medianMs: 0.2, p99Ms: 1 },
  webbridge: { dist: 'lognormal', medianMs: 0.2, p99Ms: 1 },
  browser: { dist: 'lognormal', medianMs: 0.5, p99Ms: 3 },
};

/** The browser's media set-up (ICE and DTLS) before it asks for media. Assumption. */
export const DEFAULT_MEDIA_SETUP: Distribution = { dist: 'lognormal', medianMs: 125, p99Ms: 260 };

/**
 * Guest login "credential storage" on the call bridge that runs a move or a join: the tech
 * note's sample shows 6 ms between "scheduled" and "successfully stored". Assumption.
 */
export const DEFAULT_CREDENTIAL_STORAGE: Distribution = {
  dist: 'lognormal',
  medianMs: 6,
  p99Ms: 15,
};

/**
 * Time from creating a participant instance to opening its session and issuing its JWT. Assumption.
 */
export const DEFAULT_SESSION_SETUP: Distribution = { dist: 'constant', ms: 1 };

/** The media profiles a participant may have. */
export const MEDIA_PROFILES = ['1080p30', '720p30', '448p30', 'audio'] as const;

/** A media profile. */
export type MediaProfile = (typeof MEDIA_PROFILES)[number];

/** Load points per call by media profile (DOMAIN: from published capacity tables). Assumption. */
export const DEFAULT_LOAD_POINTS: Readonly<Record<MediaProfile, number>> = {
  '1080p30': 2000,
  '720p30': 1000,
  '448p30': 500,
  audio: 32,
};

/**
 * The layouts a call leg may be given through the API (`chosenLayout` on
 * `/api/v1/callLegs/<id>`), as the CMS API reference names them.
 */
export const CMS_LAYOUTS = [
  'automatic',
  'allEqual',
  'speakerOnly',
  'telepresence',
  'stacked',
  'allEqualQuarters',
  'onePlusFive',
  'onePlusSeven',
  'onePlusNine',
] as const;

/** A call leg layout. */
export type CmsLayout = (typeof CMS_LAYOUTS)[number];

/**
 * A participant's server-side state: what an API client sets on its call leg (a `PUT` on
 * `/api/v1/callLegs/<id>`), held by the call bridge, not the client. CMM's help: a move resets
 * it to the target's defaults (the client's own mute is carried instead).
 */
export interface ServerSideSettings {
  /** The call leg is muted by the server (the API's `rxAudioMute`). Default false. */
  muted: boolean;
  /** The call leg's `chosenLayout`. Default `automatic`. */
  layout: CmsLayout;
  /** The call leg's `importance`: higher is shown first; 0 stands for none set. Default 0. */
  importance: number;
}

/**
 * A space's defaults for a call leg's server-side state, when the scenario gives none: not
 * muted, layout `automatic`, no importance (CMS leaves them to the call leg profile; the values
 * are an assumption).
 */
export const DEFAULT_SERVER_SIDE: Readonly<ServerSideSettings> = {
  muted: false,
  layout: 'automatic',
  importance: 0,
};

/** A call bridge's default `loadLimit`: a CMS1000 (DOMAIN). */
export const DEFAULT_LOAD_LIMIT = 96_000;

/** Load-balancing thresholds in basis points of `loadLimit` (DOMAIN, CMS defaults). */
export const DEFAULT_NEW_CONFERENCE_LOAD_LIMIT_BP = 5000;
export const DEFAULT_EXISTING_CONFERENCE_LOAD_LIMIT_BP = 8000;

/** JWT lifetime (DOMAIN: default 24 h, settable 1-24 h). */
export const DEFAULT_JWT_EXPIRY_MS = 24 * 3600 * 1000;

/** How long the CMM waits for an API answer before it calls the request timed out. Assumption. */
export const DEFAULT_API_TIMEOUT_MS = 10_000;

/**
 * How long the API bridge waits for a peer (move reply, replace-query answers, participant
 * creation) before it gives up on a move. Assumption.
 */
export const DEFAULT_PEER_TIMEOUT_MS = 3_000;

/**
 * How long a web bridge waits for a call bridge to answer a websocket authentication over
 * C2W before it tells the browser the bridge is down (`bridgeDown`). Assumption.
 */
export const DEFAULT_C2W_TIMEOUT_MS = 5_000;

/**
 * How long a browser waits for media after asking for it before it gives up (`timeout`).
 * Assumption.
 */
export const DEFAULT_MEDIA_TIMEOUT_MS = 10_000;

/**
 * How long the home bridge keeps a participant marked as "being moved" when nothing more is
 * heard of the move (the API bridge crashed, say); then the mark is cleared. Assumption.
 */
export const DEFAULT_MOVE_IN_PROGRESS_TIMEOUT_MS = 6_000;

/**
 * Recovery: the web bridge ends a session whose websocket went away without "end websocket"
 * after this long, and a call bridge destroys a created participant whose browser never
 * authenticated after `pendingParticipantTimeoutMs`. Assumptions (unpublished in CMS).
 */
export const DEFAULT_WEBSOCKET_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_PENDING_PARTICIPANT_TIMEOUT_MS = 20_000;

/**
 * Recovery: how long a call bridge keeps a participant whose browser stopped its media (left
 * for another call) before it tears it down itself, when the session end never comes. Assumption.
 */
export const DEFAULT_MEDIA_INACTIVITY_TIMEOUT_MS = 5_000;

/** The address the CMM's API requests come from, as CMS logs print it (a documentation address). */
export const DEFAULT_CMM_ADDRESS = '192.0.2.10';

/** The API user name CMS logs for the CMM. */
export const DEFAULT_API_USER = 'admin';
