/**
 * The step legend of the side panel: each step of the move from the step table
 * (`sim/cms/protocol.ts`), with its colour, its name as the tech note says it, and who sends
 * to whom. Drawn once; the table, not this file, decides what the steps are.
 */
import * as d3 from 'd3';

import { type Step, STEPS } from '../../sim/cms/protocol.js';
import { NO_STEP_COLOR, stepColor } from './colors.js';

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
}
