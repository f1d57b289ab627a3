/**
 * The property exploration engine: arbitraries for whole scenarios, the properties, coverage
 * counters, the fast-check search and counterexample files. This file only re-exports.
 */
export * from './arbitraries.js';
export * from './check-case.js';
export * from './counterexample.js';
export * from './coverage.js';
export * from './describe.js';
export * from './deterministic.js';
export * from './explain.js';
export * from './explore.js';
export * from './generated-scenario.js';
export * from './known-findings.js';
export * from './matrix.js';
export * from './mutation.js';
export * from './parallel.js';
export * from './properties.js';
export * from './reduce.js';
export * from './run-case.js';
export * from './schedule.js';
export * from './sketch.js';
export * from './targeted.js';
export * from './to-scenario.js';
export * from './yaml-text.js';
