/**
 * Expectations: the `expect:` list of a scenario, checked after a run.
 *
 * Each expectation becomes `{ text, ok, detail }`. A scenario that demonstrates a bug can
 * expect a violation; then that violation is not a failure of the run. The text and detail are
 * printed one line each, so text from the scenario in them is kept on one line (`one-line.ts`).
 */
import type { Outcome } from '../cms/outcomes.js';
import { cmsView } from '../cms/world.js';
import type { RecordedViolation, World } from '../engine/index.js';
import { oneLine } from './one-line.js';
import type { Scenario } from './schema.js';

export interface ExpectationResult {
  text: string;
  ok: boolean;
  detail: string;
}

export function checkExpectations(
  s: Scenario,
  world: World,
  outcomes: Outcome[],
  violations: RecordedViolation[],
  bridges: { id: string; peakLoadBasisPoints: number }[],
): ExpectationResult[] {
  const view = cmsView(world);
  const browsers = new Map(view.browsers.map((b) => [b.id, b.state]));
  const expectedViolations = new Set(
    s.expect.flatMap((e) => ('violation' in e ? [e.violation] : [])),
  );
  return s.expect.map((e) => {
    const r = judge(e);
    return { ...r, text: oneLine(r.text), detail: oneLine(r.detail) };
  });

  function judge(e: Scenario['expect'][number]): ExpectationResult {
    if ('endsIn' in e) {
      const b = browsers.get(e.participant);
      const where = b?.phase === 'in-call' ? (b.call?.spaceId ?? null) : null;
      return {
        text: `${e.participant} ends in ${e.endsIn ?? 'no call'}`,
        ok: where === e.endsIn,
        detail: `${e.participant} is in ${where ?? 'no call'}`,
      };
    }
    if ('noViolations' in e) {
      const unexpected = violations.filter((v) => !expectedViolations.has(v.invariant));
      return {
        text: 'no invariant is violated',
        ok: unexpected.length === 0,
        detail: unexpected.length === 0 ? 'none' : unexpected.map((v) => v.invariant).join(', '),
      };
    }
    if ('result' in e) {
      const o = outcomes.find((x) => x.move === e.move);
      const got = o === undefined ? 'no outcome' : `${o.result}${o.reason ? ` (${o.reason})` : ''}`;
      const ok =
        o !== undefined &&
        o.result === e.result &&
        (e.reason === undefined || (o.reason ?? '').includes(e.reason));
      return {
        text: `move ${e.move} is ${e.result}${e.reason ? ` (${e.reason})` : ''}`,
        ok,
        detail: got,
      };
    }
    if ('maxLoadBasisPoints' in e) {
      const b = bridges.find((x) => x.id === e.bridge);
      const peak = b?.peakLoadBasisPoints ?? 0;
      return {
        text: `${e.bridge} stays at or under ${e.maxLoadBasisPoints} bp`,
        ok: peak <= e.maxLoadBasisPoints,
        detail: `peak ${peak} bp`,
      };
    }
    const found = violations.some((v) => v.invariant === e.violation);
    return {
      text: `invariant ${e.violation} is reported`,
      ok: found,
      detail: found ? 'reported' : 'not reported',
    };
  }
}
