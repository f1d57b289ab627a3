/**
 * The data types a parameter sweep's report is drawn from, in one place: the varied keys, each
 * seed's metrics, the load thresholds, and the report data that `sim/sweep/report-data.ts`
 * inlines into `report.html` and the report page (`page/main.ts`) reads back. The sweep's grid
 * file (`sim/sweep/grid-summary.ts`) builds on the same types; they live here, in the report
 * layer, so the page can import them without reaching up into the sweep layer.
 *
 * Types only: nothing here runs, so the page's bundle takes nothing from this file.
 */

/** One `--vary`: a scenario key and the values it takes, as YAML texts for `--set`. */
export interface Vary {
  key: string;
  values: string[];
}

/** A few numbers of one seed's run at a grid point. */
export interface SeedMetrics {
  seed: number;
  passed: boolean;
  /** Moves by result. */
  moved: number;
  rejected: number;
  dropped: number;
  /** Moves that ended another way (wrong meeting, no outcome). */
  other: number;
  /** The seed's own 95th percentiles, in milliseconds (null without values). */
  moveP95Ms: number | null;
  limboP95Ms: number | null;
  /** The highest peak load of any call bridge, in basis points. */
  peakLoadBasisPoints: number;
}

/** The load thresholds of a point's scenario, in basis points of the load limit. */
export interface Thresholds {
  newConferenceLoadLimitBasisPoints: number;
  existingConferenceLoadLimitBasisPoints: number;
}

/** A point's worst seed and the command that opens its run in the viewer. */
export interface WorstSeed {
  seed: number;
  view: string;
}

/** One seed's metrics as the report carries them (whether it passed is not drawn). */
export type ReportSeed = Omit<SeedMetrics, 'passed'>;

/** One grid point of the report data. */
export interface ReportPoint {
  index: number;
  values: Record<string, string>;
  thresholds: Thresholds;
  worst: WorstSeed | null;
  /** The viewer page of the worst seed's run, relative to the report; null when none. */
  page: string | null;
  perSeed: ReportSeed[];
}

/** The data the report page is drawn from, inlined into `report.html` as JSON. */
export interface ReportData {
  scenario: string;
  scenarioFile: string;
  seeds: { from: number; to: number; run: number; failed: number };
  vary: Vary[];
  points: ReportPoint[];
}
