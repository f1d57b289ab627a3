/**
 * Tests of duration parsing: units, bare milliseconds, and the messages for bad durations.
 */
import { describe, expect, test } from 'vitest';

import { parseDurationMs } from '../../sim/scenario/duration.js';

describe('parseDurationMs', () => {
  test.each([
    ['250ms', 250],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['500us', 0.5],
    ['0s', 0],
    [' 3 s ', 3000],
    ['.5s', 500],
  ])('reads the string %s as %d milliseconds', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  test('takes a bare number as milliseconds', () => {
    expect(parseDurationMs(42)).toBe(42);
    expect(parseDurationMs(0)).toBe(0);
  });

  test('refuses negative numbers and negative strings, saying durations cannot be negative', () => {
    expect(() => parseDurationMs(-1)).toThrow(/negative/);
    expect(() => parseDurationMs('-5s')).toThrow(/negative/);
  });

  test('refuses a string without a unit and shows how to write it', () => {
    expect(() => parseDurationMs('30')).toThrow(
      'duration "30" has no unit; write "30ms" or the number 30',
    );
  });

  test('refuses an unknown unit and lists the units', () => {
    expect(() => parseDurationMs('5min')).toThrow(
      'unknown unit "min"; units are us, µs, ms, s, m, h',
    );
  });

  test('refuses unreadable strings, empty strings and non-finite numbers', () => {
    expect(() => parseDurationMs('soon')).toThrow(/not readable/);
    expect(() => parseDurationMs('')).toThrow(/empty/);
    expect(() => parseDurationMs(Number.POSITIVE_INFINITY)).toThrow(/finite/);
    expect(() => parseDurationMs(Number.NaN)).toThrow(/finite/);
  });

  test('refuses values that are neither numbers nor strings without crashing', () => {
    expect(() => parseDurationMs(true as unknown as number)).toThrow(
      /must be a number or a string/,
    );
  });
});
