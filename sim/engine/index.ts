/**
 * The engine's public surface: a generic discrete-event simulator of nodes and messages.
 * This file only re-exports; it knows nothing about CMS.
 */
export * from './checks.js';
export * from './control.js';
export * from './distributions.js';
export * from './heap.js';
export * from './network.js';
export * from './node.js';
export * from './random.js';
export * from './simulation.js';
export * from './snapshot.js';
export * from './time.js';
export * from './trace.js';
