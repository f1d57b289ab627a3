/**
 * Folding hidden lifelines: messages that pass through a hidden node become dashed "through"
 * arrows between the visible nodes at either end, instead of disappearing.
 *
 * Causality comes from the model: a message's `cause` is the message whose delivery made the
 * sender send it (same node, same instant). A chain that enters a hidden node and never comes
 * out to a visible one ends in a "stub" to the hidden lane's seam; one that comes out of a
 * hidden node with no visible origin starts in a stub from the seam. Pure; no drawing.
 */
import type { Message } from './model.js';

/** What a view shows for one message or one folded chain of messages. */
export interface Shown {
  kind: 'message' | 'through' | 'stub-out' | 'stub-in';
  /** The message where the arrow starts (its send). */
  first: number;
  /** The message where the arrow ends (its deliver or drop). */
  last: number;
  from: string;
  to: string;
  /** Hidden nodes the chain passes through, in order. */
  via: string[];
}

/** Lists, for each message index, the messages its delivery caused. */
export function childrenOf(messages: readonly Message[]): number[][] {
  const children: number[][] = messages.map(() => []);
  for (const m of messages) {
    if (m.cause >= 0) (children[m.cause] as number[]).push(m.index);
  }
  return children;
}

/**
 * Folds the shown messages (mask[i] = 1) around hidden nodes. With nothing hidden every shown
 * message is listed as itself.
 */
export function foldHidden(
  messages: readonly Message[],
  mask: Uint8Array,
  isHidden: (node: string) => boolean,
  maxDepth = 8,
): Shown[] {
  const out: Shown[] = [];
  let children: number[][] | null = null;
  const kids = (i: number): number[] => {
    if (children === null) children = childrenOf(messages);
    return children[i] as number[];
  };

  /** True when the message's chain goes back to a visible sender through hidden nodes only. */
  const hasVisibleOrigin = (m: Message): boolean => {
    let c = m.cause;
    for (let depth = 0; c >= 0 && depth < maxDepth; depth++) {
      const p = messages[c] as Message;
      if (!isHidden(p.to)) return false;
      if (!isHidden(p.from)) return mask[p.index] === 1;
      c = p.cause;
    }
    return false;
  };

  for (const m of messages) {
    if (mask[m.index] !== 1) continue;
    const fromHidden = isHidden(m.from);
    const toHidden = isHidden(m.to);
    if (!fromHidden && !toHidden) {
      out.push({ kind: 'message', first: m.index, last: m.index, from: m.from, to: m.to, via: [] });
      continue;
    }
    if (!fromHidden && toHidden) {
      let found = false;
      const walk = (i: number, via: string[], depth: number, seen: Set<number>): void => {
        const cur = messages[i] as Message;
        if (cur.status !== 'delivered' || depth >= maxDepth) return;
        for (const c of kids(i)) {
          if (seen.has(c)) continue;
          seen.add(c);
          const child = messages[c] as Message;
          if (!isHidden(child.to)) {
            found = true;
            out.push({
              kind: 'through',
              first: m.index,
              last: c,
              from: m.from,
              to: child.to,
              via: [...via],
            });
          } else {
            walk(c, [...via, child.to], depth + 1, seen);
          }
        }
      };
      walk(m.index, [m.to], 0, new Set([m.index]));
      if (!found)
        out.push({
          kind: 'stub-out',
          first: m.index,
          last: m.index,
          from: m.from,
          to: m.to,
          via: [m.to],
        });
      continue;
    }
    if (fromHidden && !toHidden) {
      if (!hasVisibleOrigin(m))
        out.push({
          kind: 'stub-in',
          first: m.index,
          last: m.index,
          from: m.from,
          to: m.to,
          via: [m.from],
        });
    }
    // A message between two hidden nodes is inside a fold and has no arrow of its own.
  }
  return out;
}
