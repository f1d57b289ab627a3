/**
 * One-line descriptions of a scenario, its moves and its faults, for the `# Scenario:` header
 * of counterexample files and for the explorer's messages. Plain text; it formats and judges
 * nothing else.
 */
import type { Fault, Scenario } from '../scenario/schema.js';

const t = (v: number): string => (v % 1000 === 0 ? `${v / 1000}s` : `${v}ms`);

/** A fault in a few words, e.g. `crash cb2 at 2.1s (restart after 50ms)`. */
export function describeFault(f: Fault): string {
  if ('drop' in f) {
    const d = f.drop;
    const what = [d.step !== undefined ? `step ${d.step}` : undefined, d.kind, d.from ? `from ${d.from}` : undefined, d.to ? `to ${d.to}` : undefined]
      .filter((x) => x !== undefined)
      .join(' ');
    return `drop the next ${d.count > 1 ? `${d.count} messages` : 'message'} of ${what || 'any kind'} from ${t(f.at)}`;
  }
  if ('crash' in f) return `crash ${f.crash} at ${t(f.at)}${f.restartAfter === undefined ? ' (no restart)' : ` (restart after ${t(f.restartAfter)})`}`;
  if ('partition' in f) {
    const [a, b] = f.partition.between;
    return `partition ${a.join('+')} ${f.partition.oneWay ? '->' : '<->'} ${b.join('+')} from ${t(f.from)} to ${t(f.until)}`;
  }
  if ('expireJwt' in f) return `expire ${f.expireJwt}'s JWT at ${t(f.at)}`;
  if ('revokeJwt' in f) return `revoke ${f.revokeJwt}'s JWT at ${t(f.at)}`;
  if ('outOfResources' in f) return `${f.outOfResources} out of resources from ${t(f.from)} to ${t(f.until)}`;
  if ('wrongCallId' in f) return `move ${f.move} names the call of ${f.wrongCallId}`;
  return `end the call of ${f.endCall} at ${t(f.at)}`;
}

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
    .map((p) => `${p.id} (${p.type}${p.canMove ? '' : ', canMove false'}) ${p.join === undefined ? 'never joins' : `joins ${p.join.space} at ${t(p.join.at)}`}`)
    .join(', ');
  const moves = s.moves.length === 0 ? 'no moves' : `moves: ${s.moves.map((m) => `${m.id} ${m.participant} to ${m.to} at ${t(m.at)}`).join(', ')}`;
  const rules = (['loss', 'duplication', 'delaySpikes', 'reorder'] as const)
    .flatMap((k) => s.network[k].map((r) => `${k} ${r.probability}${r.linkClass ? ` on ${r.linkClass}` : ''}`));
  const faults = s.faults.length + rules.length === 0 ? 'no faults' : `faults: ${[...s.faults.map(describeFault), ...rules].join('; ')}`;
  return `${cluster}; ${people}; ${moves}; ${faults}.`;
}
