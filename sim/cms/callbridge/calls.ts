/**
 * Active calls: a space has an API call id (`/api/v1/calls/<id>`) only while its call is
 * active. The id differs from the space's id, from the internal conference id and from the
 * numeric call id the browser gets in step 6.
 *
 * A call becomes active when its conference starts on some bridge (its first participant
 * instance there), or at the start of a run for a space configured with `activeCall` (as an
 * API client does with `POST /api/v1/calls`). It ends when its conference runs on no bridge any
 * more (the last participant left, or the bridges hosting it crashed and restarted), or when it
 * is ended (`endCall`); a call started through the API ends only then. Its id is then gone: a
 * later move into it is refused `404 callDoesNotExist`, and the space's next call gets a new id.
 *
 * How CMS shares the active calls between the bridges of a cluster is unpublished (an
 * assumption): each bridge tells every other bridge when a conference starts or stops running
 * on it (`call.update`), and each keeps its own view of the cluster's active calls. Ids are
 * derived from the space's configured `callId` and the number of its calls that have ended, so
 * every bridge names the same call alike without asking. A bridge that crashes and never
 * restarts is never heard to stop: its calls stay active in its peers' view.
 */
import { spaceConfig } from '../config.js';
import { type CmsMessage, KIND } from '../messages.js';
import type { CallBridgeState } from '../state.js';
import type { CallBridgeContext, CallBridgeEnv } from './shared.js';

type Env = CallBridgeEnv;
type S = CallBridgeState;
type Ctx = CallBridgeContext;

/** A 32-bit FNV-1a hash of `text`, as 8 hex digits. */
function fnv8(text: string, salt: number): string {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The API call id of the space's call after `ended` calls of it ended: the configured id for
 * the first call, then a GUID derived from it.
 */
export function apiCallId(firstCallId: string, ended: number): string {
  if (ended === 0) return firstCallId;
  const seed = `${firstCallId}#${ended}`;
  const hex = [0, 1, 2, 3].map((i) => fnv8(seed, i)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The space whose active call has API id `callId`, as this bridge knows the cluster. */
export function spaceOfActiveCall(s: S, callId: string): string | undefined {
  for (const [spaceId, call] of s.calls) if (call.callId === callId) return spaceId;
  return undefined;
}

/** Ends the space's call in this bridge's view: its id is gone, the next call gets a new one. */
export function endActiveCall(s: S, spaceId: string): void {
  if (s.calls.delete(spaceId)) s.endedCalls.set(spaceId, (s.endedCalls.get(spaceId) ?? 0) + 1);
}

/** Applies "the conference of `spaceId` runs (or stops running) on `bridge`" to this view. */
function applyCallUpdate(
  env: Env,
  s: S,
  ctx: Ctx,
  spaceId: string,
  bridge: string,
  running: boolean,
): void {
  const call = s.calls.get(spaceId);
  if (running) {
    if (call !== undefined) {
      if (!call.runningOn.includes(bridge)) call.runningOn.push(bridge);
      return;
    }
    const first = spaceConfig(env.config, spaceId).callId;
    const callId = apiCallId(first, s.endedCalls.get(spaceId) ?? 0);
    s.calls.set(spaceId, { callId, runningOn: [bridge], startedByApi: false });
    // The bridge where the call starts tells the CMM its id (the CMM lists active calls).
    if (bridge === ctx.self)
      ctx.send(env.cmm.id, KIND.cmsEvent, { event: 'callActive', spaceId, callId });
    return;
  }
  if (call === undefined) return;
  call.runningOn = call.runningOn.filter((b) => b !== bridge);
  if (call.runningOn.length === 0 && !call.startedByApi) endActiveCall(s, spaceId);
}

/** The conference of `spaceId` started or stopped running here: update every bridge's view. */
export function announceConference(
  env: Env,
  s: S,
  ctx: Ctx,
  spaceId: string,
  running: boolean,
): void {
  applyCallUpdate(env, s, ctx, spaceId, ctx.self, running);
  for (const b of env.config.callBridges) {
    if (b.id !== ctx.self) ctx.send(b.id, KIND.callUpdate, { spaceId, running });
  }
}

/** A peer's conference started or stopped running. */
export function onCallUpdate(
  env: Env,
  s: S,
  ctx: Ctx,
  m: CmsMessage<typeof KIND.callUpdate>,
): void {
  applyCallUpdate(env, s, ctx, m.data.spaceId, m.from, m.data.running);
}

/** After a restart nothing runs here any more: say so for every call this bridge ran. */
export function announceRestart(env: Env, s: S, ctx: Ctx): void {
  for (const [spaceId, call] of [...s.calls]) {
    if (call.runningOn.includes(ctx.self)) announceConference(env, s, ctx, spaceId, false);
  }
}

/** The calls started through the API at the start of a run, by space id. */
export function initialCalls(
  spaces: Iterable<{ id: string; callId: string; activeCall: boolean }>,
): Map<string, { callId: string; runningOn: string[]; startedByApi: boolean }> {
  const calls = new Map<string, { callId: string; runningOn: string[]; startedByApi: boolean }>();
  for (const sp of spaces) {
    if (sp.activeCall) calls.set(sp.id, { callId: sp.callId, runningOn: [], startedByApi: true });
  }
  return calls;
}
