/**
 * The web bridge decides why a session ends from the end websocket's data, never from its step
 * annotation: `reason: 'leave'` ends the session as a leave; no reason is a move's end
 * websocket, which the web bridge passes on as step 9 (end session).
 */
import { describe, expect, it } from 'vitest';

import { type Jwt, KIND } from '../../sim/cms/messages.js';
import { STEP } from '../../sim/cms/protocol.js';
import { initialWebBridgeState, webBridgeHandler } from '../../sim/cms/webbridge.js';
import type { Annotations, Context, Input } from '../../sim/engine/index.js';
import { clusterConfig } from '../../sim/scenario/build.js';
import { loadShipped } from '../helpers/scenarios.js';

const scenario = loadShipped('move-same-bridge');
const config = clusterConfig(scenario, 1);
const webBridge = scenario.cluster.webBridges[0]!.id;
const callBridge = scenario.cluster.callBridges[0]!.id;
const jwt: Jwt = {
  id: 'jwt-1',
  user: 'guest1',
  callBridge,
  participant: 'p-1',
  callId: 'call-1',
  expiresAtUs: 1e12,
};

/**
 * Opens a websocket for `b1`, then delivers its end websocket with `data` and `notes`; returns the
 * sends of the end.
 */
function endWebsocket(
  data: object,
  notes: Annotations,
): { kind: string; data: unknown; notes: Annotations | undefined }[] {
  const handler = webBridgeHandler(config, { callBridges: [callBridge] });
  const state = initialWebBridgeState();
  let sent: { kind: string; data: unknown; notes: Annotations | undefined }[] = [];
  const ctx = {
    now: 0,
    self: webBridge,
    send: (_to: string, kind: string, d: unknown, n?: Annotations) =>
      void sent.push({ kind, data: d, notes: n }),
    setTimer: () => 1,
    cancelTimer: () => undefined,
    log: () => undefined,
    mark: () => undefined,
  } as unknown as Context;
  const deliver = (kind: string, d: unknown, n: Annotations = {}): void => {
    const input: Input = {
      type: 'message',
      message: { id: 1, from: 'b1', to: webBridge, kind, data: d, ...n },
    };
    handler(state as never, input, ctx);
  };
  deliver(KIND.wsOpen, { jwt, callId: jwt.callId });
  sent = [];
  deliver(KIND.wsEnd, data, notes);
  return sent;
}

describe('the web bridge ending a session', () => {
  it("ends it as a leave when the end websocket says 'leave'", () => {
    const sent = endWebsocket({ jwtId: jwt.id, reason: 'leave' }, {});
    expect(sent).toEqual([
      {
        kind: KIND.sessionEnd,
        data: { participant: 'p-1', jwtId: jwt.id, reason: 'leave' },
        notes: {},
      },
    ]);
  });

  it('ends it as a move, step 9, when the end websocket gives no reason', () => {
    const sent = endWebsocket({ jwtId: jwt.id }, { step: STEP.endWebsocket, move: 'm1' });
    expect(sent).toEqual([
      {
        kind: KIND.sessionEnd,
        data: { participant: 'p-1', jwtId: jwt.id, reason: 'move' },
        notes: { move: 'm1', step: STEP.endSession },
      },
    ]);
  });

  it('reads the reason from the data, not from the step annotation', () => {
    const sent = endWebsocket(
      { jwtId: jwt.id, reason: 'leave' },
      { step: STEP.endWebsocket, move: 'm1' },
    );
    expect(sent[0]?.data).toMatchObject({ reason: 'leave' });
  });
});
