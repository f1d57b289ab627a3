/**
 * Reference checks: every id a scenario declares is unique, and every id it mentions names
 * something of the right kind (a move's `to` is a space, a crash names a node, and so on), and
 * every invariant an expectation names exists.
 *
 * The checks read the plain data before or after schema validation and skip values of the wrong
 * type, which the schema reports. They do not check shapes, ranges or defaults.
 */
import { INVARIANT_NAMES } from '../cms/invariants.js';
import { checkFaultRefs, type FaultRefs } from './faults.js';
import { memberId } from './population.js';
import type { DocPath, Finding } from './problems.js';
import { formatPath } from './problems.js';
import { valueAt } from './schema-walk.js';
import { closest, listWords } from './suggest.js';

/** The kinds of things a scenario declares. */
type Kind =
  'call bridge' | 'web bridge' | 'call bridge group' | 'CMM' | 'space' | 'participant' | 'move';

/** What a reference may name: one kind, or any node. */
export type Target = Kind | 'node';

const NODE_KINDS: readonly Kind[] = ['call bridge', 'web bridge', 'participant', 'CMM'];

const PLURAL: Record<Target, string> = {
  'call bridge': 'call bridges',
  'web bridge': 'web bridges',
  'call bridge group': 'call bridge groups',
  CMM: 'CMM nodes',
  space: 'spaces',
  participant: 'participants',
  move: 'moves',
  node: 'nodes (call bridges, web bridges, participants and the CMM)',
};

interface Declaration {
  id: string;
  kind: Kind;
  path: DocPath;
  /** True for a move id given by position rather than written. */
  generated?: boolean;
  /** For a member of a population: the population's prefix and count, which make its id. */
  member?: { idPrefix: string; count: number };
}

/** How a declaration is named in a message about a clash. */
function described(d: Declaration): string {
  if (d.member !== undefined)
    return `the member of the population at ${formatPath(d.path.slice(0, 2))} (idPrefix "${d.member.idPrefix}", count ${d.member.count})`;
  return `the ${d.kind} at ${formatPath(d.path)}${d.generated ? ' (which has no id and is called so by its position)' : ''}`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The items of the list at a path, with their indices; none when it is not a list. */
function itemsAt(data: unknown, path: DocPath): [number, unknown][] {
  const v = valueAt(data, path).value;
  return Array.isArray(v) ? v.map((item, i): [number, unknown] => [i, item]) : [];
}

/** The string at a path, or undefined. */
function stringAt(data: unknown, path: DocPath): string | undefined {
  const v = valueAt(data, path).value;
  return typeof v === 'string' ? v : undefined;
}

/** Collects the declarations of a scenario, in document order. */
function declarations(data: unknown): Declaration[] {
  const out: Declaration[] = [];
  const fromList = (listPath: DocPath, kind: Kind): void => {
    for (const [i] of itemsAt(data, listPath)) {
      const id = stringAt(data, [...listPath, i, 'id']);
      if (id !== undefined) out.push({ id, kind, path: [...listPath, i, 'id'] });
    }
  };
  fromList(['cluster', 'callBridges'], 'call bridge');
  fromList(['cluster', 'callBridgeGroups'], 'call bridge group');
  fromList(['cluster', 'webBridges'], 'web bridge');
  const cmm = valueAt(data, ['cluster', 'cmm']).value;
  if (isObject(cmm)) {
    const id = cmm['id'] === undefined ? 'cmm' : cmm['id'];
    if (typeof id === 'string')
      out.push({
        id,
        kind: 'CMM',
        path: ['cluster', 'cmm', ...(cmm['id'] === undefined ? [] : ['id'])],
      });
  }
  fromList(['spaces'], 'space');
  fromList(['participants'], 'participant');
  for (const [i, pop] of itemsAt(data, ['population'])) {
    if (!isObject(pop)) continue;
    const { idPrefix, count } = pop;
    if (typeof idPrefix !== 'string' || !Number.isSafeInteger(count)) continue;
    const n = Math.min(count as number, 100_000);
    for (let k = 0; k < n; k++)
      out.push({
        id: memberId(idPrefix, n, k),
        kind: 'participant',
        path: ['population', i, 'idPrefix'],
        member: { idPrefix, count: n },
      });
  }
  for (const [i, move] of itemsAt(data, ['moves'])) {
    if (!isObject(move)) continue;
    if (move['id'] === undefined)
      out.push({ id: `m${i + 1}`, kind: 'move', path: ['moves', i], generated: true });
    else if (typeof move['id'] === 'string')
      out.push({ id: move['id'], kind: 'move', path: ['moves', i, 'id'] });
  }
  return out;
}

/** Checks one reference: the string at `path`, if any, names a `target`. */
type RefCheck = (path: DocPath, target: Target, label?: string) => void;

/** The references of spaces, participants, populations and moves. */
function peopleRefs(data: unknown, ref: RefCheck, refs: RefCheck): void {
  /** Checks the string, or every string of the list, at `path`; labelled by the path. */
  const oneOrList = (path: DocPath, target: Target): void => {
    ref(path, target, formatPath(path));
    refs(path, target, formatPath(path));
  };
  for (const [i] of itemsAt(data, ['spaces'])) ref(['spaces', i, 'hostedOn'], 'call bridge');
  for (const [i] of itemsAt(data, ['participants'])) {
    ref(['participants', i, 'webBridge'], 'web bridge');
    ref(['participants', i, 'join', 'space'], 'space');
  }
  for (const [i] of itemsAt(data, ['population'])) {
    const at = (...rest: (string | number)[]): DocPath => ['population', i, ...rest];
    refs(at('webBridges'), 'web bridge', `population[${i}].webBridges`);
    oneOrList(at('join', 'space'), 'space');
    oneOrList(at('moves', 'to'), 'space');
    oneOrList(at('moves', 'via'), 'call bridge');
  }
  for (const [i] of itemsAt(data, ['moves'])) {
    ref(['moves', i, 'participant'], 'participant');
    ref(['moves', i, 'to'], 'space');
    ref(['moves', i, 'via'], 'call bridge');
  }
}

/** Checks the ids and references of a scenario's plain data; returns one finding per problem. */
export function checkReferences(data: unknown): Finding[] {
  const findings: Finding[] = [];
  const byId = new Map<string, Declaration>();
  const clashed = new Set<string>();
  for (const d of declarations(data)) {
    const first = byId.get(d.id);
    if (first === undefined) {
      byId.set(d.id, d);
      continue;
    }
    if (d.member !== undefined && clashed.has(formatPath(d.path))) continue;
    const where = described(first);
    findings.push({
      path: d.path,
      message: d.generated
        ? `this move has no id, so it is called "${d.id}" by its position, but "${d.id}" is already the id of ${where}; give the move an id`
        : d.member !== undefined
          ? `this population (count ${d.member.count}) makes the id "${d.id}", which is already used by ${where}; choose another idPrefix or a smaller count`
          : `id "${d.id}" is already used by ${where}; every id in a scenario must be unique`,
    });
    // One clash a population is enough: its other members would repeat the message.
    if (d.member !== undefined) clashed.add(formatPath(d.path));
  }

  const idsOf = (target: Target): string[] =>
    [...byId.values()]
      .filter((d) => (target === 'node' ? NODE_KINDS.includes(d.kind) : d.kind === target))
      .map((d) => d.id);

  /** Checks that the string at `path`, if any, names a `target`. */
  const ref = (path: DocPath, target: Target, label: string = target): void => {
    const v = stringAt(data, path);
    if (v === undefined) return;
    const found = byId.get(v);
    if (
      found !== undefined &&
      (target === 'node' ? NODE_KINDS.includes(found.kind) : found.kind === target)
    )
      return;
    const known = idsOf(target);
    const other = found === undefined ? '' : ` ("${v}" is a ${found.kind})`;
    const typo = found === undefined ? closest(v, known) : undefined;
    findings.push({
      path,
      message:
        `${label} "${v}" does not exist${other}; known ${PLURAL[target]}: ${listWords(known)}` +
        (typo === undefined ? '' : `; did you mean "${typo}"?`),
    });
  };
  /** Checks every string of the list at `path`. */
  const refs = (path: DocPath, target: Target, label?: string): void => {
    for (const [j] of itemsAt(data, path)) ref([...path, j], target, label);
  };

  // The cluster.
  const groupOf = new Map<string, DocPath>();
  for (const [i] of itemsAt(data, ['cluster', 'callBridgeGroups'])) {
    const bridgesPath: DocPath = ['cluster', 'callBridgeGroups', i, 'bridges'];
    refs(bridgesPath, 'call bridge');
    for (const [j, b] of itemsAt(data, bridgesPath)) {
      if (typeof b !== 'string') continue;
      const earlier = groupOf.get(b);
      if (earlier !== undefined) {
        const sameGroup = earlier[2] === i;
        const group =
          stringAt(data, [...earlier.slice(0, 3), 'id']) ?? formatPath(earlier.slice(0, 3));
        findings.push({
          path: [...bridgesPath, j],
          message: sameGroup
            ? `call bridge "${b}" is listed twice in this group; remove one`
            : `call bridge "${b}" is already in group "${group}" (${formatPath(earlier)}); a call bridge belongs to at most one group`,
        });
      } else {
        groupOf.set(b, [...bridgesPath, j]);
      }
    }
  }
  for (const [i] of itemsAt(data, ['cluster', 'webBridges']))
    refs(['cluster', 'webBridges', i, 'callBridges'], 'call bridge');
  ref(['cluster', 'cmm', 'apiBridge'], 'call bridge');

  peopleRefs(data, ref, refs);

  // The network.
  for (const [i] of itemsAt(data, ['network', 'latency', 'links'])) {
    ref(['network', 'latency', 'links', i, 'from'], 'node');
    ref(['network', 'latency', 'links', i, 'to'], 'node');
  }
  for (const rule of ['loss', 'duplication', 'delaySpikes', 'reorder']) {
    for (const [i] of itemsAt(data, ['network', rule])) {
      ref(['network', rule, i, 'from'], 'node');
      ref(['network', rule, i, 'to'], 'node');
    }
  }

  // Faults: each kind's checks are in the fault registry.
  const faultRefs: FaultRefs = {
    ref,
    refs,
    items: (path) => itemsAt(data, path),
    string: (path) => stringAt(data, path),
    moveTarget: (id) => {
      const move = byId.get(id);
      return move?.kind === 'move' ? stringAt(data, [...move.path.slice(0, 2), 'to']) : undefined;
    },
    problem: (path, message) => findings.push({ path, message }),
  };
  for (const [i, fault] of itemsAt(data, ['faults']))
    if (isObject(fault)) checkFaultRefs(faultRefs, i, fault);

  findings.push(...whatIfFindings(data, idsOf('node')));

  // Expectations.
  for (const [i] of itemsAt(data, ['expect'])) {
    ref(['expect', i, 'participant'], 'participant');
    ref(['expect', i, 'endsIn'], 'space');
    ref(['expect', i, 'move'], 'move');
    ref(['expect', i, 'bridge'], 'call bridge');
    const invariant = stringAt(data, ['expect', i, 'violation']);
    if (invariant !== undefined && invariant !== '' && !INVARIANT_NAMES.includes(invariant)) {
      const typo = closest(invariant, INVARIANT_NAMES);
      findings.push({
        path: ['expect', i, 'violation'],
        message:
          `invariant "${invariant}" does not exist, so this expectation could never hold; known invariants: ${listWords(INVARIANT_NAMES, 20)}` +
          (typo === undefined ? '' : `; did you mean "${typo}"?`),
      });
    }
  }
  return findings;
}

/** What-ifs: a crash names a node (the schema reports a selector it cannot read). */
function whatIfFindings(data: unknown, nodes: string[]): Finding[] {
  const findings: Finding[] = [];
  for (const [i, v] of itemsAt(data, ['whatIf'])) {
    const node = typeof v === 'string' ? /^\s*crash=([^@:]+)@/.exec(v)?.[1] : undefined;
    if (node === undefined || nodes.includes(node)) continue;
    const typo = closest(node, nodes);
    findings.push({
      path: ['whatIf', i],
      message:
        `what-if "${v as string}" crashes "${node}", which is not a node; nodes are ${listWords(nodes, 20)}` +
        (typo === undefined ? '' : `; did you mean "${typo}"?`),
    });
  }
  return findings;
}
