/**
 * Populations: many participants (and their moves) declared in a few lines, expanded into the
 * participants and moves a scenario lists, so a mass move of 480 guests needs no generator.
 *
 * Expansion is deterministic: ids, names, web bridges, join spaces and times, media profiles,
 * local state and move targets follow from the population's fields by position (lists are used
 * in turn), and only `assign: random` draws, from a stream seeded by the scenario's `seed` and
 * the population's index. The expanded items are written in the form a scenario file would list
 * them, so the schema parses them exactly like listed ones. This file neither validates shapes
 * (schema.ts does) nor checks references (references.ts does).
 */
import { RandomStream } from '../engine/random.js';

/** A time or an even spread over a window, in milliseconds, as parsed. */
export type Spread = number | { from: number; to: number };

/** How the moves of a population pick their target spaces. */
export const ASSIGN_KINDS = ['round-robin', 'blocks', 'random'] as const;

/** One value, or a list of values used in turn (member i takes item i mod length). */
type OneOrList<T> = T | readonly T[];

/** A population as parsed by the schema (durations already in milliseconds). */
export interface PopulationInput {
  count: number;
  idPrefix: string;
  name: string;
  type: string;
  mediaProfile: OneOrList<string>;
  canMove: boolean;
  webBridges?: readonly string[] | undefined;
  join?: { space: OneOrList<string>; at: Spread } | undefined;
  local?:
    | {
        muted?: OneOrList<boolean> | undefined;
        layout?: OneOrList<string> | undefined;
        presenting?: OneOrList<boolean> | undefined;
        chatMessages?: number | undefined;
      }
    | undefined;
  moves?:
    | {
        to: OneOrList<string>;
        at: Spread;
        assign: (typeof ASSIGN_KINDS)[number];
        via?: OneOrList<string> | undefined;
      }
    | undefined;
}

/** The participants and moves of the populations, in the form a scenario file lists them. */
export interface Expanded {
  participants: Record<string, unknown>[];
  moves: Record<string, unknown>[];
}

/** The fewest digits of a member's number, so a sweep over counts up to 999 keeps the same ids. */
const MIN_ID_DIGITS = 3;

/**
 * The id of member `i` (from 0) of a population: the prefix, then i + 1 padded with zeros to at
 * least three digits and to the width of the count (g001 … g120, p00001 … p10000).
 */
export function memberId(idPrefix: string, count: number, i: number): string {
  const width = Math.max(MIN_ID_DIGITS, String(count).length);
  return `${idPrefix}${String(i + 1).padStart(width, '0')}`;
}

/** Item `i` of a list used in turn, or the one value. */
function nth<T>(v: OneOrList<T>, i: number): T {
  return Array.isArray(v) ? (v as readonly T[])[i % v.length]! : (v as T);
}

/** Member `i`'s time: the time itself, or from + ⌊i·(to − from)/count⌋ for a window. */
export function spreadAt(at: Spread, i: number, count: number): number {
  if (typeof at === 'number') return at;
  return at.from + Math.floor((i * (at.to - at.from)) / count);
}

/** The member's local state: only the fields the population sets, each taken in turn. */
function localOf(local: PopulationInput['local'], i: number): Record<string, unknown> | undefined {
  if (local === undefined) return undefined;
  const out: Record<string, unknown> = {};
  if (local.muted !== undefined) out['muted'] = nth(local.muted, i);
  if (local.layout !== undefined) out['layout'] = nth(local.layout, i);
  if (local.presenting !== undefined) out['presenting'] = nth(local.presenting, i);
  if (local.chatMessages !== undefined) out['chatMessages'] = local.chatMessages;
  return out;
}

/** The target of member `i`'s move. */
function targetOf(
  moves: NonNullable<PopulationInput['moves']>,
  i: number,
  count: number,
  rand: RandomStream | undefined,
): string {
  const to = Array.isArray(moves.to) ? (moves.to as readonly string[]) : [moves.to as string];
  if (moves.assign === 'blocks') return to[Math.floor((i * to.length) / count)]!;
  if (moves.assign === 'random' && rand !== undefined)
    return to[Math.floor(rand.next() * to.length)]!;
  return to[i % to.length]!;
}

/** Expands one population, the `index`-th, drawing from the scenario's `seed` where needed. */
function expandOne(p: PopulationInput, index: number, seed: string | number, out: Expanded): void {
  const rand =
    p.moves?.assign === 'random' ? RandomStream.seeded(seed, `population:${index}`) : undefined;
  for (let i = 0; i < p.count; i++) {
    const id = memberId(p.idPrefix, p.count, i);
    const participant: Record<string, unknown> = {
      id,
      name: p.name.replaceAll('{n}', String(i + 1)).replaceAll('{id}', id),
      type: p.type,
      mediaProfile: nth(p.mediaProfile, i),
      canMove: p.canMove,
    };
    if (p.webBridges !== undefined) participant['webBridge'] = nth(p.webBridges, i);
    if (p.join !== undefined)
      participant['join'] = { space: nth(p.join.space, i), at: spreadAt(p.join.at, i, p.count) };
    const local = localOf(p.local, i);
    if (local !== undefined) participant['local'] = local;
    out.participants.push(participant);
    if (p.moves === undefined) continue;
    const move: Record<string, unknown> = {
      at: spreadAt(p.moves.at, i, p.count),
      participant: id,
      to: targetOf(p.moves, i, p.count, rand),
    };
    if (p.moves.via !== undefined) move['via'] = nth(p.moves.via, i);
    out.moves.push(move);
  }
}

/** Expands every population, in order; the members' moves follow in member order. */
export function expandPopulations(
  populations: readonly PopulationInput[],
  seed: string | number,
): Expanded {
  const out: Expanded = { participants: [], moves: [] };
  populations.forEach((p, index) => expandOne(p, index, seed, out));
  return out;
}
