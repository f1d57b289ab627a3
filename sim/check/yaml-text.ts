/**
 * Writes a scenario input as YAML in the style of the hand-written files in `scenarios/`:
 * small mappings (a bridge, a move, a fault) on one line in flow style, lists of them one item
 * a line. It only formats; the header comment is `counterexample.ts`'s job.
 */
import { Document, isMap, isScalar, isSeq, type Node, visit } from 'yaml';

import type { ScenarioInput } from '../scenario/schema.js';

/** Longest flow mapping or sequence kept on one line, in characters of its JSON. */
const FLOW_WIDTH = 110;

/** The YAML text of a scenario input. */
export function scenarioYaml(input: ScenarioInput): string {
  const doc = new Document(input);
  visit(doc, {
    Map(_key, node, path) {
      // The top-level sections (cluster, network) stay in block style.
      const inList = isSeq(path[path.length - 1]);
      if ((inList || path.length >= 5) && fitsOnOneLine(node)) node.flow = true;
    },
    Seq(_key, node) {
      if (node.items.every((i) => isScalar(i)) && fitsOnOneLine(node)) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

function fitsOnOneLine(node: Node): boolean {
  if (!isMap(node) && !isSeq(node)) return false;
  return JSON.stringify(node.toJSON()).length <= FLOW_WIDTH;
}
