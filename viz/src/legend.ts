/**
 * The legend of the side panel: each step of the move from the step table
 * (`sim/cms/protocol.ts`), with its colour, its name as the tech note says it, and who sends
 * to whom; then the shapes the diagram uses (drop cross, local mark, violation, dead node,
 * limbo strip). Drawn once; the table, not this file, decides what the steps are.
 */
import * as d3 from 'd3';

import { STEP, type Step, STEPS } from '../../sim/cms/protocol.js';
import {
  DEAD_COLOR,
  DROP_COLOR,
  LIMBO_COLOR,
  NO_STEP_COLOR,
  stepColor,
  VIOLATION_COLOR,
} from './colors.js';

/** Fills `root` with one row per step, and one for messages with no step. */
export function renderLegend(root: HTMLElement): void {
  const list = d3.select(root).append('ol').attr('class', 'legend');
  for (const step of STEPS as readonly Step[]) {
    const row = list
      .append('li')
      .attr(
        'title',
        `${step.from} → ${step.to.join(' → ') || '(local)'}: ${[...step.kinds, ...step.marks].join(', ')}`,
      );
    row.append('span').attr('class', 'swatch').style('background', stepColor(step.number));
    row.append('span').text(`${step.number} ${step.name}`);
  }
  const none = list
    .append('li')
    .attr('title', 'join flow, recovery and other messages outside a move');
  none.append('span').attr('class', 'swatch').style('background', NO_STEP_COLOR);
  none.append('span').text('no step');
  const shapes = d3.select(root).append('ul').attr('class', 'legend shapes');
  for (const [draw, text] of SHAPES) {
    const row = shapes.append('li');
    const svg = row
      .append('svg')
      .attr('class', 'shape')
      .attr('width', 16)
      .attr('height', 12)
      .attr('aria-hidden', 'true');
    draw(svg);
    row.append('span').text(text);
  }
}

type Svg = d3.Selection<SVGSVGElement, unknown, null, undefined>;

/** The shapes of the diagram, each drawn in a small swatch, and what they mean. */
const SHAPES: [(svg: Svg) => void, string][] = [
  [
    (svg) =>
      svg
        .append('path')
        .attr('d', 'M3,1L13,11M3,11L13,1')
        .attr('stroke', DROP_COLOR)
        .attr('stroke-width', 2.5),
    'dropped message (its reason beside it)',
  ],
  [
    (svg) =>
      svg.append('circle').attr('cx', 8).attr('cy', 6).attr('r', 4.5).attr('fill', NO_STEP_COLOR),
    `local event on a node (step ${STEP.loadBalancing}, ${STEP.teardown}, a JWT, a crash)`,
  ],
  [
    (svg) =>
      svg
        .append('rect')
        .attr('x', 2)
        .attr('y', 3)
        .attr('width', 12)
        .attr('height', 6)
        .attr('fill', VIOLATION_COLOR),
    'broken invariant (in the inv. lane; click it)',
  ],
  [
    (svg) =>
      svg
        .append('rect')
        .attr('x', 5)
        .attr('y', 0)
        .attr('width', 6)
        .attr('height', 12)
        .attr('fill', DEAD_COLOR)
        .attr('opacity', 0.45),
    'node down: from its crash to its restart',
  ],
  [
    (svg) =>
      svg
        .append('rect')
        .attr('x', 6)
        .attr('y', 0)
        .attr('width', 4)
        .attr('height', 12)
        .attr('fill', LIMBO_COLOR),
    `browser in limbo: from step ${STEP.endWebsocket} to the end of step ${STEP.newWebsocket}`,
  ],
];
