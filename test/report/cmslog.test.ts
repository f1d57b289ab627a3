/**
 * `cms.log` lines: the writer a run uses (which keeps the last millisecond's clock text) prints
 * exactly the lines `cmsLogLine` prints, whether lines share a millisecond or not.
 */
import { describe, expect, it } from 'vitest';

import { clock, cmsLogLine, cmsLogTo } from '../../sim/report/cmslog.js';

describe('cms.log lines', () => {
  it('print the virtual time as hours, minutes, seconds and milliseconds', () => {
    expect(clock(0)).toBe('00:00:00.000');
    expect(clock(3_723_004_999)).toBe('01:02:03.004');
    expect(cmsLogLine(42_172, 'cb02', 'replace query')).toBe(
      '00:00:00.042 cb02 Info replace query\n',
    );
  });

  it("are the same from a run's writer as from cmsLogLine, in bursts within a millisecond and across them", () => {
    const times = [
      0, 0, 999, 1000, 1000, 1001, 1999, 2000, 59_999_999, 60_000_000, 60_000_000, 3_600_000_123,
    ];
    const written: string[] = [];
    const onLog = cmsLogTo((text) => written.push(text));
    times.forEach((t, i) => onLog(t, `cb0${i % 3}`, `line ${i}`));
    expect(written).toEqual(times.map((t, i) => cmsLogLine(t, `cb0${i % 3}`, `line ${i}`)));
    expect(new Set(written.map((l) => l.slice(0, 12))).size).toBe(6);
  });
});
