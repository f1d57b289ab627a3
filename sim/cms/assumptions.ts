/**
 * The model's assumptions as data: every named default of `defaults.ts` and every unpublished
 * behaviour, with what CMS does there, movesim's default, the scenario key that changes it and
 * its source (or "assumption"). README's "Model assumptions" tables are generated from this
 * registry (`npm run assumptions`), and a test fails when they differ.
 */
import type { Distribution } from '../engine/index.js';
import * as defaults from './defaults.js';
import { API_BODY_LINE_CHARS, LOG_LINE_SOURCES } from './loglines.js';
import { STEP } from './protocol.js';

/** One row of the tables. */
export interface Assumption {
  /** The row's id: the constant's name for a default, a short name for a behaviour. */
  id: string;
  /** The CMS behaviour the row is about, as the table's first cell shows it. */
  what: string;
  /** movesim's default, as the table shows it. */
  default: string;
  /** The scenario key that changes it; undefined when no scenario can. */
  key: string | undefined;
  /** Where the value comes from: a published source, or "assumption". */
  source: string;
}

/** A default of `defaults.ts` as the table writes it. */
export function shownValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return String(v);
  const d = v as Distribution & Record<string, unknown>;
  if (d.dist === 'constant') return `constant ${String(d.ms)} ms`;
  if (d.dist === 'lognormal')
    return `lognormal, median ${String(d.medianMs)} ms, p99 ${String(d.p99Ms)} ms`;
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${shownValue(x)}`)
    .join('; ');
}

/** Each `DEFAULT_*` of `defaults.ts`: its key and source (the value is read from the file). */
const DEFAULT_ROWS: Record<string, { key: string | undefined; source: string }> = {
  DEFAULT_API_TIMEOUT_MS: { key: '`cluster.cmm.apiTimeout`', source: 'assumption' },
  DEFAULT_API_USER: { key: undefined, source: "the tech note's sample (`admin`)" },
  DEFAULT_C2W_TIMEOUT_MS: { key: undefined, source: 'assumption' },
  DEFAULT_CMM_ADDRESS: { key: undefined, source: 'assumption (a documentation address)' },
  DEFAULT_CREDENTIAL_STORAGE: {
    key: undefined,
    source: "assumption, the tech note's sample (6 ms)",
  },
  DEFAULT_EXISTING_CONFERENCE_LOAD_LIMIT_BP: {
    key: '`cluster.loadBalancing.existingConferenceLoadLimitBasisPoints`',
    source: 'CMS API reference',
  },
  DEFAULT_JWT_EXPIRY_MS: { key: undefined, source: 'Cisco TN 221573 (24 h)' },
  DEFAULT_LATENCY: {
    key: '`network.latency.<class>`',
    source: 'assumption (the cluster round trip ≤ 300 ms: Cisco Collaboration CVD)',
  },
  DEFAULT_LOAD_LIMIT: { key: '`callBridges[].loadLimit`', source: 'CMS API reference (a CMS1000)' },
  DEFAULT_LOAD_POINTS: {
    key: '`cluster.loadPoints`',
    source: 'assumption from published capacity tables',
  },
  DEFAULT_MEDIA_INACTIVITY_TIMEOUT_MS: {
    key: '`cluster.recovery.mediaInactivityTimeout`',
    source: 'assumption',
  },
  DEFAULT_MEDIA_SETUP: {
    key: '`network.mediaSetup`',
    source: "assumption, calibrated to the tech note's sample",
  },
  DEFAULT_MEDIA_TIMEOUT_MS: { key: undefined, source: 'assumption' },
  DEFAULT_MOVE_IN_PROGRESS_TIMEOUT_MS: { key: undefined, source: 'assumption' },
  DEFAULT_NEW_CONFERENCE_LOAD_LIMIT_BP: {
    key: '`cluster.loadBalancing.newConferenceLoadLimitBasisPoints`',
    source: 'CMS API reference',
  },
  DEFAULT_PEER_TIMEOUT_MS: { key: undefined, source: 'assumption' },
  DEFAULT_PENDING_PARTICIPANT_TIMEOUT_MS: {
    key: '`cluster.recovery.pendingParticipantTimeout`',
    source: 'assumption',
  },
  DEFAULT_PROCESSING: {
    key: "`network.processing.<kind>`, a node's `processing`",
    source: 'assumption',
  },
  DEFAULT_SERVER_SIDE: {
    key: '`spaces[].serverDefaults`',
    source: 'assumption (CMS takes them from the call leg profile)',
  },
  DEFAULT_SESSION_SETUP: { key: undefined, source: 'assumption' },
  DEFAULT_WEBSOCKET_IDLE_TIMEOUT_MS: {
    key: '`cluster.recovery.websocketIdleTimeout`',
    source: 'assumption',
  },
};

/** What a movesim variant of a published line shape is, by shape. */
const VARIANTS: Record<string, string> = {
  replaceChoice: 'remote server',
  moveOperation: 'homed elsewhere',
};

/** The log line shapes movesim invented, as the behaviour row names them. */
function inventedLines(): string {
  const entries = Object.entries(LOG_LINE_SOURCES);
  const own = entries.filter(([, s]) => s === 'movesim').map(([n]) => `\`logLine.${n}\``);
  const variants = entries
    .filter(([, s]) => s !== 'movesim' && s.includes('movesim'))
    .map(([n]) => `\`logLine.${n}\` (${VARIANTS[n] ?? 'a variant'})`);
  return `${own.join(', ')}, and the variants of ${variants.join(' and ')}`;
}

/** One behaviour row. */
const row = (
  id: string,
  what: string,
  dflt: string,
  key: string | undefined,
  source: string,
): Assumption => ({ id, what, default: dflt, key, source });

const server = defaults.DEFAULT_SERVER_SIDE;

/** The behaviours no source publishes (or that movesim simplifies), one row each. */
const BEHAVIOURS: readonly Assumption[] = [
  row(
    'thresholdRule',
    'threshold rule of the `cms` policy',
    '`reported-load`: the reported load level is not above the threshold',
    '`cluster.loadBalancing.thresholdRule` (`with-participant`: stricter)',
    'CMS API reference ("above which")',
  ),
  row(
    'loadLevelUnit',
    'unit of `load level` in the replace-query lines',
    'basis points of `loadLimit`, rounded down',
    undefined,
    'assumption (unpublished)',
  ),
  row(
    'tieBreak',
    'order of equal candidates',
    '`hostedOn`, then the deciding bridge, then by id',
    '`cluster.loadBalancing.tieBreak`',
    'assumption',
  ),
  row(
    'activeCall',
    "a space's call at the start",
    'started, as `POST /api/v1/calls` does; ends only by `endCall`',
    '`spaces[].activeCall`',
    'assumption',
  ),
  row(
    'callUpdate',
    'how bridges share active calls',
    '`call.update` to every peer when a conference starts or stops on a bridge',
    undefined,
    'assumption',
  ),
  row(
    'cmmCalls',
    "the CMM's list of calls",
    'keeps the last call id announced for a space, after the call ends',
    undefined,
    'assumption',
  ),
  row(
    'endedCallId',
    'an API call id after a call ended',
    "derived from the space's `callId` and the number of ended calls",
    '`spaces[].callId` (the first)',
    'assumption',
  ),
  row(
    'numericCallId',
    `the numeric call id of step ${String(STEP.websocketMove)}`,
    "100000001 and up, by the space's order",
    undefined,
    'assumption',
  ),
  row(
    'correlatorId',
    'the id the replace query names the conference by',
    'the call correlator id (differs from the conference id, as in the sample)',
    undefined,
    'assumption',
  ),
  row(
    'sipMove',
    `a SIP leg's move after step ${String(STEP.createParticipant)}`,
    'the chosen bridge re-invites the endpoint; the endpoint hangs up its old leg',
    undefined,
    'assumption',
  ),
  row(
    'sipJoin',
    "a SIP participant's join",
    'a SIP call straight to a call bridge: no web bridge, websocket or JWT',
    undefined,
    'assumption (how CMS answers a SIP call is not modelled further)',
  ),
  row(
    'sipArrival',
    "the call bridge a SIP participant's call arrives at",
    "the space's `hostedOn`, else the cluster's first call bridge; placed by replace query when load balancing is on",
    '`spaces[].hostedOn`',
    "assumption (the deployment's call control routes it)",
  ),
  row(
    'bodyLines',
    "the API trace's body lines",
    `a line after each \`&\`, at most ${String(API_BODY_LINE_CHARS)} characters (\`API_BODY_LINE_CHARS\`)`,
    undefined,
    "assumption fitted to the tech note's sample",
  ),
  row(
    'guestLoginRequest',
    '`guest login request <n>`',
    'counted from 0 per bridge; `queue length: 1`',
    undefined,
    "the tech note's sample",
  ),
  row(
    'loadDuringMove',
    'load of the moved participant during a move',
    `both instances cost load from step ${String(STEP.createParticipant)} (new) until step ${String(STEP.teardown)} (old)`,
    undefined,
    'assumption',
  ),
  row(
    'inventedLines',
    'log lines no source shows',
    `prefixed \`movesim: \`: ${inventedLines()}`,
    undefined,
    'movesim',
  ),
  row(
    'serverSideReset',
    'server-side mute, layout, importance on a move',
    `the new leg starts from the target space's defaults (unmuted, \`${server.layout}\`, importance ${String(server.importance)} unless set); the client's own mute is carried`,
    '`spaces[].serverDefaults`, `participants[].server`',
    'CMM help (reset on a move)',
  ),
  row(
    'notModelled',
    "activators (`needsActivation`), the target's lock and lobby",
    'not modelled: the request always says `needsActivation=false`; a moved participant is neither an activator nor admitted past a lock',
    undefined,
    'not modelled',
  ),
];

/** Every row of the registry: the defaults (read from `defaults.ts`), then the behaviours. */
export function assumptions(): { defaults: Assumption[]; behaviours: Assumption[] } {
  const rows = Object.entries(defaults)
    .filter(([name]) => name.startsWith('DEFAULT_'))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]): Assumption => {
      const meta = DEFAULT_ROWS[name];
      if (meta === undefined) throw new Error(`sim/cms/assumptions.ts has no row for ${name}`);
      return { id: name, what: `\`${name}\``, default: shownValue(value), ...meta };
    });
  return { defaults: rows, behaviours: [...BEHAVIOURS] };
}

/** One table in Markdown. */
function table(head: string, rows: Assumption[]): string {
  const lines = [`| ${head} | default | key | source |`, '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.what} | ${r.default} | ${r.key ?? '—'} | ${r.source} |`);
  return lines.join('\n');
}

/** README's two tables, as generated from the registry. */
export function assumptionsTables(): string {
  const a = assumptions();
  return `${table('assumption', a.defaults)}\n\n${table('behaviour', a.behaviours)}\n`;
}
