/**
 * A model-based test of the cluster, driven the way CMM and the browsers drive it: fast-check
 * generates sequences of commands (join, leave, move, crash a call bridge with or without a
 * restart, advance time), runs each against a live simulation step by step, and after every
 * command compares a simple model of "who is in which space" with the simulated cluster.
 *
 * The cluster has three call bridges without load balancing, each hosting one space, so the
 * model knows where each participant's instance lives: a participant is in a space when its
 * browser says so and exactly one connected instance of it exists there, on a bridge that is
 * up; otherwise it is nowhere and no instance of it is connected. Each command is given time to
 * settle (longer than every timeout of a move) before the comparison. Invariant violations
 * recorded by the engine during a command fail the test too.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { cmsView } from '../../sim/cms/world.js';
import { msToUs, type TraceEvent } from '../../sim/engine/index.js';
import { buildSimulation, type Built } from '../../sim/scenario/build.js';
import { type ScenarioInput, ScenarioSchema } from '../../sim/scenario/schema.js';

const BRIDGES = ['cb1', 'cb2', 'cb3'] as const;
const SPACES = ['space1', 'space2', 'space3'] as const;
const PEOPLE = ['p1', 'p2', 'p3', 'p4'] as const;
/** The bridge hosting each space (load balancing is off, so placement follows hostedOn). */
const HOST: Record<string, string> = { space1: 'cb1', space2: 'cb2', space3: 'cb3' };
/** The bridge CMM sends its API requests to. */
const API_BRIDGE = 'cb1';
/**
 * Virtual time each command gets to settle: more than the peer (3 s) and move-in-progress (6 s)
 * timeouts.
 */
const SETTLE_MS = 8_000;

const BASE: ScenarioInput = {
  name: 'model-based',
  seed: 5,
  until: '24h',
  cluster: {
    callBridges: BRIDGES.map((id) => ({ id })),
    loadBalancing: { enabled: false },
    webBridges: [{ id: 'wb1' }],
    cmm: { apiBridge: API_BRIDGE },
  },
  spaces: SPACES.map((id, i) => ({ id, name: `Space ${i + 1}`, hostedOn: HOST[id]! })),
  participants: PEOPLE.map((id) => ({ id, name: id.toUpperCase(), type: 'guest' as const })),
};

/** The model: where each participant is, and which bridges are down. */
interface Model {
  where: Map<string, string | null>;
  down: Set<string>;
}

/** The system under test: the live simulation and the violations its checkers recorded. */
interface Real {
  built: Built;
  nowUs: number;
  moves: number;
  violations: string[];
}

/** Lets the simulation run for `ms` of virtual time from now. */
function settle(r: Real, ms: number): void {
  r.nowUs += msToUs(ms);
  r.built.sim.advance(r.nowUs);
}

/** Compares the model with the cluster and the browsers; throws on the first difference. */
function compare(m: Model, r: Real, after: string): void {
  expect(r.violations, `invariant violations after ${after}`).toEqual([]);
  const view = cmsView(r.built.sim.world());
  for (const p of PEOPLE) {
    const expected = m.where.get(p) ?? null;
    const connected = view.callBridges
      .filter((b) => b.up)
      .flatMap((b) =>
        [...b.state.instances.values()]
          .filter((i) => i.browser === p && i.status === 'connected')
          .map((i) => `${i.spaceId}@${b.id}`),
      );
    const browser = view.browsers.find((b) => b.id === p)!.state;
    if (expected === null) {
      expect(connected, `${p} should be in no call after ${after}`).toEqual([]);
    } else {
      expect(connected, `${p} should be connected once, in ${expected}, after ${after}`).toEqual([
        `${expected}@${HOST[expected]}`,
      ]);
      expect(
        browser.phase === 'in-call' ? browser.call?.spaceId : browser.phase,
        `${p}'s browser after ${after}`,
      ).toBe(expected);
    }
  }
}

type Cmd = fc.Command<Model, Real>;

/** How many commands of each kind ran over the whole test, to show it is not vacuous. */
const executed = new Map<string, number>();
const count = (kind: string) => executed.set(kind, (executed.get(kind) ?? 0) + 1);

class Join implements Cmd {
  constructor(
    readonly p: string,
    readonly space: string,
  ) {}
  check(m: Readonly<Model>): boolean {
    return m.where.get(this.p) === null && !m.down.has(HOST[this.space]!);
  }
  run(m: Model, r: Real): void {
    r.built.sim.schedule(r.nowUs, this.p, { type: 'join', space: this.space });
    settle(r, SETTLE_MS);
    m.where.set(this.p, this.space);
    count('join');
    compare(m, r, this.toString());
  }
  toString(): string {
    return `join(${this.p}, ${this.space})`;
  }
}

class Leave implements Cmd {
  constructor(readonly p: string) {}
  check(m: Readonly<Model>): boolean {
    return m.where.get(this.p) !== null;
  }
  run(m: Model, r: Real): void {
    r.built.sim.schedule(r.nowUs, this.p, { type: 'leave' });
    settle(r, SETTLE_MS);
    m.where.set(this.p, null);
    count('leave');
    compare(m, r, this.toString());
  }
  toString(): string {
    return `leave(${this.p})`;
  }
}

class Move implements Cmd {
  constructor(
    readonly p: string,
    readonly to: string,
  ) {}
  check(m: Readonly<Model>): boolean {
    const from = m.where.get(this.p);
    return from !== null && from !== undefined && from !== this.to;
  }
  run(m: Model, r: Real): void {
    const move = `mb${++r.moves}`;
    r.built.sim.schedule(r.nowUs, r.built.config.cmm.id, {
      type: 'move',
      move,
      participant: this.p,
      to: this.to,
      via: API_BRIDGE,
    });
    settle(r, SETTLE_MS);
    // The move happens when the API bridge and the target's bridge are up; else it is refused
    // and the participant stays where it was.
    if (!m.down.has(API_BRIDGE) && !m.down.has(HOST[this.to]!)) {
      m.where.set(this.p, this.to);
      count('move');
    } else {
      count('move refused');
    }
    compare(m, r, this.toString());
  }
  toString(): string {
    return `move(${this.p} -> ${this.to})`;
  }
}

class Crash implements Cmd {
  constructor(
    readonly bridge: string,
    readonly restartAfterMs: number | null,
  ) {}
  check(m: Readonly<Model>): boolean {
    return !m.down.has(this.bridge);
  }
  run(m: Model, r: Real): void {
    const restart = this.restartAfterMs === null ? undefined : msToUs(this.restartAfterMs);
    r.built.sim.crash(r.nowUs, this.bridge, restart);
    settle(r, SETTLE_MS);
    for (const [p, space] of m.where)
      if (space !== null && HOST[space] === this.bridge) m.where.set(p, null);
    if (this.restartAfterMs === null) m.down.add(this.bridge);
    count(this.restartAfterMs === null ? 'crash' : 'crash and restart');
    compare(m, r, this.toString());
  }
  toString(): string {
    return `crash(${this.bridge}${this.restartAfterMs === null ? '' : `, restart after ${this.restartAfterMs} ms`})`;
  }
}

class Advance implements Cmd {
  constructor(readonly seconds: number) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    settle(r, this.seconds * 1000);
    count('advance');
    compare(m, r, this.toString());
  }
  toString(): string {
    return `advance(${this.seconds} s)`;
  }
}

const person = fc.constantFrom(...PEOPLE);
const space = fc.constantFrom(...SPACES);
const commands = fc.commands(
  [
    fc.tuple(person, space).map(([p, s]) => new Join(p, s)),
    fc.tuple(person, space).map(([p, s]) => new Join(p, s)),
    person.map((p) => new Leave(p)),
    person.map((p) => new Leave(p)),
    fc.tuple(person, space).map(([p, s]) => new Move(p, s)),
    fc.tuple(person, space).map(([p, s]) => new Move(p, s)),
    fc.tuple(person, space).map(([p, s]) => new Move(p, s)),
    fc.tuple(person, space).map(([p, s]) => new Move(p, s)),
    fc
      .tuple(
        fc.constantFrom(...BRIDGES),
        fc.option(fc.integer({ min: 10, max: 4000 }), { nil: null, freq: 2 }),
      )
      .map(([b, after]) => new Crash(b, after)),
    fc.integer({ min: 1, max: 60 }).map((s) => new Advance(s)),
  ],
  { maxCommands: 24, size: 'medium' },
);

describe('the cluster against a model of who is in which space', () => {
  test('agrees with the model after every join, leave, move, crash, restart and wait', () => {
    fc.assert(
      fc.property(commands, (cmds) => {
        const violations: string[] = [];
        const built = buildSimulation(ScenarioSchema.parse(BASE), {
          traceLevel: 'messages',
          trace: {
            write(e: TraceEvent) {
              if (e.type === 'violation') violations.push(`${e.invariant}: ${e.detail}`);
            },
          },
        });
        const setup = () => ({
          model: {
            where: new Map<string, string | null>(PEOPLE.map((p) => [p, null])),
            down: new Set<string>(),
          },
          real: { built, nowUs: 0, moves: 0, violations },
        });
        fc.modelRun(setup, cmds);
      }),
      { seed: 90_125, numRuns: 300 },
    );
    console.log(
      `model-based commands run: ${[...executed].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
    for (const kind of [
      'join',
      'leave',
      'move',
      'move refused',
      'crash',
      'crash and restart',
      'advance',
    ]) {
      expect(executed.get(kind) ?? 0, `no ${kind} command ran`).toBeGreaterThanOrEqual(5);
    }
  }, 120_000);
});
