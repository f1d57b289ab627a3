/**
 * The full round trip of `movesim logs` over the simulator's own output (`npm run
 * logs:round-trip`): every shipped scenario but the largest and the fault sweep, 10 seeds a
 * case (590 runs), each run's cms.log read back and compared with its summary. Prints the
 * agreement rate and every disagreement; exits 1 below 99 %. The rate is recorded in
 * docs/logs-round-trip.md. `--seeds N` changes the seeds a case.
 */
import { roundTripCases, runRoundTrip } from '../dist/sim/logs/round-trip.js';

const i = process.argv.indexOf('--seeds');
const seeds = i === -1 ? 10 : Number(process.argv[i + 1]);
const cases = roundTripCases(seeds);
const r = runRoundTrip(cases);
const evidenced = r.moves - r.unknown;
const rate = evidenced === 0 ? 0 : r.agreed / evidenced;
console.log(`runs: ${r.runs} (${cases.length / seeds} cases x ${seeds} seeds)`);
console.log(
  `moves: ${r.moves}; in the logs: ${evidenced}; unknown (no evidence in any log): ${r.unknown}`,
);
console.log(`agreed: ${r.agreed} (${(100 * rate).toFixed(2)} % of the moves in the logs)`);
console.log(`agreed by the run's result: ${JSON.stringify(r.agreedByResult)}`);
for (const d of r.disagreements) console.log(`disagrees: ${d}`);
process.exitCode = rate >= 0.99 ? 0 : 1;
