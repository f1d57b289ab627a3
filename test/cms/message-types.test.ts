/**
 * Message data is typed by kind (`Payloads` in `sim/cms/messages.ts`), so a wrong field in a
 * send or a handler is a compile error: the last test type-checks this very file, which fails
 * if any `@ts-expect-error` below stops being an error (and `npm run typecheck` checks it too).
 */
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { type CmsContext, type CmsMessage, KIND } from '../../sim/cms/messages.js';
import { STEP } from '../../sim/cms/protocol.js';
import type { Annotations } from '../../sim/engine/index.js';

function recorder(): { ctx: Pick<CmsContext, 'send'>; sent: unknown[][] } {
  const sent: unknown[][] = [];
  return {
    ctx: {
      send: (to: string, kind: string, data: unknown, notes?: Annotations) =>
        void sent.push([to, kind, data, notes]),
    },
    sent,
  };
}

describe('typed messages', () => {
  it('accept the fields of their kind and refuse others at compile time', () => {
    const { ctx, sent } = recorder();
    ctx.send(
      'wbA',
      KIND.sessionEnd,
      { participant: 'p1', jwtId: 'j1', reason: 'move' },
      { step: STEP.endSession },
    );
    // @ts-expect-error: a session end's reason is one of the known reasons.
    ctx.send('wbA', KIND.sessionEnd, { participant: 'p1', jwtId: 'j1', reason: 'bored' });
    ctx.send('cbB', KIND.apiMove, {
      callId: 'c',
      // @ts-expect-error: `movedParticipant`, not `participant`, names who an API move is for.
      participant: 'p1',
      needsActivation: false,
      homedOn: 'cbA',
    });
    // @ts-expect-error: a media request carries the participant.
    ctx.send('cbC', KIND.mediaConnect, {});
    // @ts-expect-error: an unknown kind.
    ctx.send('cbC', 'media.connectt', { participant: 'p1' });
    expect(sent).toHaveLength(5);
    expect(sent[0]).toEqual([
      'wbA',
      'session.end',
      { participant: 'p1', jwtId: 'j1', reason: 'move' },
      { step: 9 },
    ]);
  });

  it('narrow a handler message by kind', () => {
    const m = {
      id: 1,
      from: 'cbA',
      to: 'cbB',
      kind: KIND.moveReply,
      data: { ok: false, reason: 'canMoveFalse' },
    } as CmsMessage;
    const reasons: string[] = [];
    if (m.kind === KIND.moveReply && !m.data.ok) reasons.push(m.data.reason);
    // @ts-expect-error: a move reply has no `status`.
    if (m.kind === KIND.moveReply) reasons.push(String(m.data.status));
    expect(reasons[0]).toBe('canMoveFalse');
  });

  it('are compile errors where this file expects them, and nowhere else', () => {
    const file = fileURLToPath(import.meta.url);
    const config = ts.getParsedCommandLineOfConfigFile(
      fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
      },
    );
    const program = ts.createProgram([file], { ...config!.options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 60_000);
});
