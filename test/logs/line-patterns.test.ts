/**
 * The log-line patterns against the step table and the formatter: every shape a step lists has
 * a pattern, every pattern reads back the ids the formatter wrote, and each line's step is the
 * step table's.
 */
import { describe, expect, it } from 'vitest';

import { logLine } from '../../sim/cms/loglines.js';
import { STEPS } from '../../sim/cms/protocol.js';
import {
  LINE_PATTERNS,
  type LineName,
  recognise,
  STEP_OF_LINE,
} from '../../sim/logs/line-patterns.js';

const G1 = '26de0160-30b5-4d7b-8a05-304472af284a';
const G2 = 'dd2bc8c6-fa80-495f-9a20-1da19010cfab';
const G3 = 'c0cc4e15-bb74-4af3-948b-672c9571c7fc';

/** One line of each shape, with the ids the pattern must read back. */
const SAMPLES: Record<LineName, [string, Record<string, string>]> = {
  apiPost: [logLine.apiPost(7, G1, '192.0.2.10'), { trace: '7', callId: G1, from: '192.0.2.10' }],
  apiContent: [logLine.apiContent(7, 75), { trace: '7', size: '75' }],
  apiBody: [logLine.apiBody(7, G2), { trace: '7' }],
  moveOperation: [
    logLine.moveOperation(G2, 'guest1', false, 'cbA', G1),
    { leg: G2, user: 'guest1', home: 'cbA', callId: G1 },
  ],
  moveOperationSip: [logLine.moveOperationSip(G2, G1), { leg: G2, callId: G1 }],
  credentialScheduled: [logLine.credentialScheduled(3), { request: '3' }],
  credentialExecuted: [logLine.credentialExecuted(3), { request: '3' }],
  credentialInProgress: [logLine.credentialInProgress(3), { request: '3' }],
  credentialStored: [logLine.credentialStored(3), { request: '3' }],
  guestAccountCreated: [logLine.guestAccountCreated('guest2'), { user: 'guest2' }],
  replaceResponse: [
    logLine.replaceResponse(G3, 'cbB', 0, 10, true),
    { conference: G3, server: 'cbB' },
  ],
  replaceChoice: [
    logLine.replaceChoice(G3, false, 'cbC', 0, 0, true),
    { conference: G3, server: 'cbC' },
  ],
  replaceNone: [logLine.replaceNone(G3), { conference: G3 }],
  apiCallLeg: [logLine.apiCallLeg(G2, G3, G1), { leg: G2, conference: G3, callId: G1 }],
  createdParticipant: [
    logLine.createdParticipant('192.0.2.10', 'admin', G2, G1),
    { leg: G2, callId: G1 },
  ],
  apiResponse: [logLine.apiResponse(7, 200), { trace: '7', status: '200' }],
  apiLocation: [logLine.apiLocation(7, G2), { trace: '7', leg: G2 }],
  apiFailure: [
    logLine.apiFailure(7, 400, 'canMoveFalse'),
    { trace: '7', status: '400', reason: 'canMoveFalse' },
  ],
  newSession: [logLine.newSession('guest2'), { user: 'guest2' }],
  instantiating: [logLine.instantiating('guest2'), { user: 'guest2' }],
  deactivating: [logLine.deactivating('guest1'), { user: 'guest1' }],
  tearingDown: [logLine.tearingDown(19, 'guest1'), { call: '19', user: 'guest1' }],
  leftSpace: [
    logLine.leftSpace('guest1', G3, 'Space 1 (x)'),
    { user: 'guest1', spaceName: 'Space 1 (x)' },
  ],
  destroyingLeg: [logLine.destroyingLeg(19, G1), { call: '19', leg: G1 }],
  removingGuest: [logLine.removingGuest('guest1', 'User X'), { user: 'guest1' }],
  destroyingGuest: [logLine.destroyingGuest('guest1'), { user: 'guest1' }],
  allocated: [logLine.allocated(20, 'guest2', 'User X'), { call: '20', user: 'guest2' }],
  removingH264: [logLine.removingH264(20), { call: '20' }],
  configured: [logLine.configured(20, G2), { call: '20', leg: G2 }],
  combinedRtp: [logLine.combinedRtp(20), { call: '20' }],
  joinedSpace: [
    logLine.joinedSpace('guest2', G3, 'Space 2 (x)'),
    { user: 'guest2', spaceName: 'Space 2 (x)' },
  ],
  joinedConference: [
    logLine.joinedConference('guest2', G2, G3),
    { user: 'guest2', leg: G2, conference: G3 },
  ],
  jwtAuthenticated: [
    logLine.jwtAuthenticated('guest2', 'cbC', '100000002', G2),
    { user: 'guest2', server: 'cbC', webCall: '100000002', leg: G2 },
  ],
  jwtRejected: [
    logLine.jwtRejected('guest2', 'jwtExpired'),
    { user: 'guest2', reason: 'jwtExpired' },
  ],
};

describe('the log-line patterns', () => {
  it('have one pattern for every shape the formatter writes', () => {
    expect(Object.keys(LINE_PATTERNS).sort()).toEqual(Object.keys(logLine).sort());
  });

  it('cover every log line the step table lists, under the step that lists it', () => {
    for (const s of STEPS)
      for (const l of s.logLines) expect(STEP_OF_LINE.get(l as LineName), l).toBe(s.number);
  });

  it('read a line movesim invented (with its movesim: prefix) as the shape without it', () => {
    const sip = logLine.moveOperationSip(G2, G1);
    expect(sip.startsWith('movesim: ')).toBe(true);
    expect(recognise(sip)).toEqual(recognise(sip.slice('movesim: '.length)));
  });

  it.each(Object.entries(SAMPLES))(
    'read a %s line back as its shape with its ids',
    (name, [line, ids]) => {
      const r = recognise(line);
      expect(r?.name).toBe(name);
      for (const [k, v] of Object.entries(ids)) expect(r?.ids[k], k).toBe(v);
    },
  );

  it('leave lines of other kinds unknown', () => {
    for (const l of [
      'STATS: calls 3, media 12 streams',
      'SIP trace: connection 12: incoming SIP INVITE',
      'call 20: removing h264 from audio codec bitmask',
      'guest login request 0: credential storage refused',
      'movesim: nothing of CMS',
      '',
    ])
      expect(recognise(l)).toBeUndefined();
  });
});
