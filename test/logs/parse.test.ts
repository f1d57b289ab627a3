/**
 * Reading entries: the tech note's flattened form, movesim's own `cms.log`, syslog prefixes
 * (RFC 3164 and 5424) naming the server, movesim's `movesim: ` prefix (kept), and noise.
 */
import { describe, expect, it } from 'vitest';

import { splitLine } from '../../sim/logs/parse.js';

describe('splitting a physical line into entries', () => {
  it('finds every entry of a flattened line, with its date, time and message', () => {
    const line =
      '2021-03-04 15:50:03.915 Info API trace 42003: f284a& 2021-03-04 15:50:03.922 Info call 19: tearing down ("g" conference media)';
    const { entries, noise } = splitLine(line, 'a.log', 3, 'a');
    expect(noise).toBe(false);
    expect(entries.map((e) => e.message)).toEqual([
      'API trace 42003: f284a&',
      'call 19: tearing down ("g" conference media)',
    ]);
    expect(entries[1]!.ms - entries[0]!.ms).toBe(7);
    expect(entries[0]).toMatchObject({ file: 'a.log', line: 3, node: 'a', dated: true });
    expect(new Date(entries[0]!.ms).toISOString()).toBe('2021-03-04T15:50:03.915Z');
  });

  it("takes the server from movesim's own cms.log form and keeps the movesim: prefix", () => {
    const { entries } = splitLine(
      '00:00:05.012 cbB Info movesim: API trace 1: x',
      'cms.log',
      1,
      'cms',
    );
    expect(entries[0]).toMatchObject({
      node: 'cbB',
      ms: 5012,
      dated: false,
      message: 'movesim: API trace 1: x',
    });
  });

  it('names the server by the host of an RFC 3164 syslog prefix', () => {
    const { entries } = splitLine(
      '<14>Mar  4 15:50:03 cbcms2 2021-03-04 15:50:03.915 Info instantiating user "g"',
      'all.log',
      1,
      'all',
    );
    expect(entries[0]).toMatchObject({ node: 'cbcms2', message: 'instantiating user "g"' });
  });

  it("names the server by an RFC 3164 host when the message has CMS's own host:server: tag", () => {
    const { entries } = splitLine(
      'Mar  4 15:50:03 cms1 host:server: INFO : instantiating user "g"',
      'all.log',
      1,
      'all',
    );
    expect(entries[0]).toMatchObject({ node: 'cms1', message: 'instantiating user "g"' });
  });

  it('reads the form syslog servers store CMS lines in: milliseconds, facility, host, component', () => {
    const call = splitLine(
      'Feb 23 09:02:21.768 user.info CMS host:server: INFO : call 11: configured - API call leg 6083fa9d-24ec-43bb-9e84-693d8d90aafc',
      'syslog.log',
      1,
      'syslog',
    ).entries[0]!;
    expect(call).toMatchObject({
      node: 'CMS',
      ms: ((9 * 60 + 2) * 60 + 21) * 1000 + 768,
      message: 'call 11: configured - API call leg 6083fa9d-24ec-43bb-9e84-693d8d90aafc',
    });
    const web = splitLine(
      'Feb 23 09:02:21.770 user.info wb1 client_backend: INFO : WebSocket : Got authenticated JWT for g',
      'syslog.log',
      2,
      'syslog',
    ).entries[0]!;
    expect(web).toMatchObject({ node: 'wb1', message: 'WebSocket : Got authenticated JWT for g' });
  });

  it('names the server by the host of an RFC 5424 prefix', () => {
    const { entries } = splitLine(
      '<14>1 2021-03-04T15:50:03.915Z wb1 webbridge 12 - - 2021-03-04 15:50:03.915 Info WebSocket : JWT for g rejected (x)',
      'all.log',
      1,
      'all',
    );
    expect(entries[0]).toMatchObject({
      node: 'wb1',
      message: 'WebSocket : JWT for g rejected (x)',
    });
  });

  it('counts a line with no entry as noise and yields nothing', () => {
    expect(splitLine('Info: STATS 12 calls', 'a', 1, 'a')).toEqual({ entries: [], noise: true });
    expect(splitLine('', 'a', 1, 'a')).toEqual({ entries: [], noise: false });
  });
});
