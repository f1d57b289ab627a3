/**
 * Nonlinear time, as OMNeT++'s sequence chart has it: time runs true between events close
 * together and gaps longer than a knee are compressed logarithmically, so a 5 s wait takes
 * little more room than a few milliseconds of traffic while the order and the short delays
 * stay readable. Positions are "compressed microseconds". Pure.
 */
import { lowerBound } from './layout.js';

/** The compressed axis: the distinct event times and the position of each. */
export interface NonlinearAxis {
  times: Float64Array;
  pos: Float64Array;
  /** Gaps longer than this (µs) are compressed. */
  kneeUs: number;
}

/** The room a gap of `gap` µs takes: itself up to the knee, then knee × (1 + ln(gap / knee)). */
export function compressGap(gap: number, kneeUs: number): number {
  return gap <= kneeUs ? gap : kneeUs * (1 + Math.log(gap / kneeUs));
}

/** Builds the axis over events' times (any order, repeats allowed). Default knee: 2 ms. */
export function nonlinearAxis(eventTimes: ArrayLike<number>, kneeUs = 2000): NonlinearAxis {
  const sorted = Float64Array.from(eventTimes).sort();
  const distinct: number[] = [];
  for (const t of sorted)
    if (distinct.length === 0 || distinct[distinct.length - 1] !== t) distinct.push(t);
  const times = Float64Array.from(distinct);
  const pos = new Float64Array(times.length);
  for (let i = 1; i < times.length; i++)
    pos[i] =
      (pos[i - 1] as number) + compressGap((times[i] as number) - (times[i - 1] as number), kneeUs);
  return { times, pos, kneeUs };
}

/** Time → position: exact at event times, proportional between them, linear outside. */
export function nonlinearP(ax: NonlinearAxis, t: number): number {
  const n = ax.times.length;
  if (n === 0) return t;
  const first = ax.times[0] as number;
  const last = ax.times[n - 1] as number;
  if (t <= first) return (ax.pos[0] as number) - compressGap(first - t, ax.kneeUs);
  if (t >= last) return (ax.pos[n - 1] as number) + compressGap(t - last, ax.kneeUs);
  const i = lowerBound(ax.times, t);
  if (ax.times[i] === t) return ax.pos[i] as number;
  const ta = ax.times[i - 1] as number;
  const tb = ax.times[i] as number;
  const pa = ax.pos[i - 1] as number;
  return pa + ((t - ta) / (tb - ta)) * ((ax.pos[i] as number) - pa);
}

/** Position → time (the inverse of `nonlinearP` between events; clamped outside). */
export function nonlinearT(ax: NonlinearAxis, p: number): number {
  const n = ax.times.length;
  if (n === 0) return p;
  if (p <= (ax.pos[0] as number)) return ax.times[0] as number;
  if (p >= (ax.pos[n - 1] as number)) return ax.times[n - 1] as number;
  const i = lowerBound(ax.pos, p);
  if (ax.pos[i] === p) return ax.times[i] as number;
  const pa = ax.pos[i - 1] as number;
  const ta = ax.times[i - 1] as number;
  return ta + ((p - pa) / ((ax.pos[i] as number) - pa)) * ((ax.times[i] as number) - ta);
}
