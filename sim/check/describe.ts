/**
 * One-line descriptions of a scenario, its moves and its faults, for the `# Scenario:` header
 * of counterexample files and for the explorer's messages. Plain text; it formats and judges
 * nothing else.
 */
import { describeFault } from '../scenario/faults.js';
import type { Scenario } from '../scenario/schema.js';

const t = (v: number): string => (v % 1000 === 0 ? `${v / 1000}s` : `${v}ms`);

/** The scenario in one line: cluster, participants, moves, network rules and faults. */
export function describeScenario(s: Scenario): string {
  const c = s.cluster;
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const cluster = [
    `${plural(c.callBridges.length, 'call bridge')}${c.loadBalancing.enabled ? ` (load balancing on, ${c.loadBalancing.policy})` : ''}`,
    plural(c.webBridges.length, 'web bridge'),
    plural(s.spaces.length, 'space'),
  ].join(', ');
  const people = s.participants
    .map(
      (p) =>
        `${p.id} (${p.type}${p.canMove ? '' : ', canMove false'}) ${p.join === undefined ? 'never joins' : `joins ${p.join.space} at ${t(p.join.at)}`}`,
    )
    .join(', ');
  const moves =
    s.moves.length === 0
      ? 'no moves'
      : `moves: ${s.moves.map((m) => `${m.id} ${m.participant} to ${m.to} at ${t(m.at)}`).join(', ')}`;
  const rules = (['loss', 'duplication', 'delaySpikes', 'reorder'] as const).flatMap((k) =>
    s.network[k].map((r) => `${k} ${r.probability}${r.linkClass ? ` on ${r.linkClass}` : ''}`),
  );
  const faults =
    s.faults.length + rules.length === 0
      ? 'no faults'
      : `faults: ${[...s.faults.map(describeFault), ...rules].join('; ')}`;
  return `${cluster}; ${people}; ${moves}; ${faults}.`;
}
