/**
 * Colours of the diagram: one per step of a move (the step table's rows, by name), grey for
 * messages with no step, and the colours of node kinds and results. Constants only; no drawing.
 */
import { type StepName, STEPS } from '../../sim/cms/protocol.js';

/** The colour of messages that belong to no step (the join flow, recovery...). */
export const NO_STEP_COLOR = '#7a8290';

/**
 * Each step's colour, by its name in the step table (a new step needs one: a compile error
 * otherwise). Any two differ by at least 25 in CIELAB (ΔE*76), and none is near the red that
 * only drops and violations use (a test checks both).
 */
const STEP_PALETTE: Record<StepName, string> = {
  apiRequest: '#1f77b4',
  moveRequest: '#ff7f0e',
  moveReply: '#2ca02c',
  loadBalancing: '#9467bd',
  createParticipant: '#8c564b',
  websocketMove: '#e377c2',
  move: '#17becf',
  endWebsocket: '#a8a91a',
  endSession: '#393b79',
  teardown: '#c58b00',
  newWebsocket: '#00766c',
};

/** The colour of each step by its number; index 0 is for messages that belong to no step. */
export const STEP_COLORS: readonly string[] = [
  NO_STEP_COLOR,
  ...STEPS.map((s) => STEP_PALETTE[s.id]),
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

/** The fill of a crashed node's lifeline between its crash and restart. */
export const DEAD_COLOR = '#6b7280';
/** The strip on a browser's lifeline while it is in limbo (between step 8 and step 11). */
export const LIMBO_COLOR = '#f59e0b';
/** The badge of a move that a violation touches. */
export const WARNING_COLOR = '#b45309';
