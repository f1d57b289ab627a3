/**
 * Colours of the diagram: one per step of a move (1-11), grey for messages with no step, and
 * the colours of node kinds and results. Constants only; no drawing.
 */

/** The colour of step 1-11; index 0 is for messages that belong to no step (the join flow...). */
export const STEP_COLORS: readonly string[] = [
  '#7a8290',
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#d62728',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#6b4c9a',
  '#0b8a5b',
];

/** The colour of a step number (0 or undefined for none). */
export function stepColor(step: number | undefined): string {
  const s = step ?? 0;
  return STEP_COLORS[s >= 0 && s < STEP_COLORS.length ? s : 0] as string;
}

export const KIND_COLORS: Record<string, string> = {
  cmm: '#4b5563',
  callbridge: '#1d4ed8',
  webbridge: '#7c3aed',
  browser: '#047857',
};

export const RESULT_COLORS: Record<string, string> = {
  moved: '#047857',
  rejected: '#b45309',
  dropped: '#b91c1c',
  'wrong-meeting': '#9d174d',
};

export const DROP_COLOR = '#b91c1c';
export const VIOLATION_COLOR = '#dc2626';
