/**
 * Reading CMS syslog text as operators have it, one entry at a time.
 *
 * An entry is `[YYYY-MM-DD ]hh:mm:ss.mmm [server ]Info <message>` (the CMS form; movesim's own
 * `cms.log` names the server before the level). Several entries may run on one physical line
 * (the flattened form of copied logs). A syslog server's prefix, RFC 3164
 * (`<pri>Mar  4 15:50:03 host …`) or RFC 5424 (`<pri>1 2021-03-04T15:50:03.915Z host app …`),
 * names the server as its host; otherwise the server is named on the entry or by its file. A
 * message may carry movesim's `movesim: ` prefix: it is kept, so a line movesim invented is
 * quoted as movesim's (the patterns read past it). Anything else is noise: counted, never fatal.
 */

/** One log entry: where it was read, when, on which server, and its message. */
export interface Entry {
  file: string;
  /** The physical line, from 1. */
  line: number;
  /** Milliseconds: since the epoch (UTC) when the entry has a date, else since midnight. */
  ms: number;
  /** Whether the entry carried a date. */
  dated: boolean;
  /** The server: the syslog host, the name on the entry, or the file's name. */
  node: string;
  message: string;
}

/** The level words an entry may carry. */
const LEVEL = '(?:Info|INFO|Warning|WARNING|Error|ERROR|Debug|DEBUG|Notice|NOTICE)';

/** The head of one entry; global, so it finds every entry of a flattened line. */
const ENTRY_HEAD = new RegExp(
  `(?:(\\d{4})-(\\d{2})-(\\d{2})[ T])?(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3}) (?:(\\S+) )?${LEVEL}:? (?::\\s)?`,
  'g',
);

/** RFC 5424: `<pri>1 timestamp host app procid msgid structured-data msg`. */
const RFC5424 = /^<\d{1,3}>1 (\S+) (\S+) \S+ \S+ \S+ (?:-|\[.*?\]) ?/;

/**
 * RFC 3164 as syslog servers store it: `[<pri>]Mmm dd hh:mm:ss[.mmm] [facility.severity ]host `,
 * then a tag such as CMS's `host:server: ` or `client_backend: `, then `INFO : ` and the message.
 */
const RFC3164 = new RegExp(
  '^(?:<\\d{1,3}>)?([A-Z][a-z]{2}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))? ' +
    '(?:(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])\\.[a-z]+ )?' +
    '(\\S+) ',
);

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** The syslog prefix of a physical line: its host, its time and where the rest starts. */
interface SyslogPrefix {
  host: string;
  ms: number | undefined;
  dated: boolean;
  rest: string;
}

/** Splits off a syslog server's prefix, if the line has one. */
function syslogPrefix(text: string): SyslogPrefix | undefined {
  const m5 = RFC5424.exec(text);
  if (m5 !== null) {
    const t = Date.parse(m5[1]!);
    return {
      host: m5[2]!,
      ms: Number.isNaN(t) ? undefined : t,
      dated: !Number.isNaN(t),
      rest: text.slice(m5[0].length),
    };
  }
  const m3 = RFC3164.exec(text);
  if (m3 === null || !MONTHS.includes(m3[1]!)) return undefined;
  const fraction = Number(`0.${m3[6] ?? '0'}`) * 1000;
  const ms =
    ((Number(m3[3]) * 60 + Number(m3[4])) * 60 + Number(m3[5])) * 1000 + Math.floor(fraction);
  // `host:server:` style tags (CMS's own) and `app[pid]:` tags are not part of the message.
  const rest = text.slice(m3[0].length).replace(/^[\w.-]+(?:\[\d+\])?(?::[\w.-]+)?: /, '');
  return { host: m3[7]!, ms, dated: false, rest };
}

/** What `splitLine` found on one physical line. */
export interface LineEntries {
  entries: Entry[];
  /** Whether some text of the line was not part of any entry (noise, a cut line). */
  noise: boolean;
}

/** The entries of one physical line of `file` (numbered `line`); `fileNode` names the server. */
export function splitLine(text: string, file: string, line: number, fileNode: string): LineEntries {
  const pre = syslogPrefix(text);
  const body = pre?.rest ?? text;
  const entries: Entry[] = [];
  ENTRY_HEAD.lastIndex = 0;
  let head = ENTRY_HEAD.exec(body);
  if (head === null) {
    // A syslog line with no CMS timestamp: the syslog time stands, the level is optional.
    if (pre?.ms === undefined) return { entries, noise: body.trim() !== '' };
    const message = body.replace(new RegExp(`^${LEVEL}:? (?::\\s)?`), '');
    entries.push({ file, line, ms: pre.ms, dated: pre.dated, node: pre.host, message });
    return { entries, noise: false };
  }
  const noise = head.index > 0 && body.slice(0, head.index).trim() !== '';
  while (head !== null) {
    const start = head.index + head[0].length;
    const next = ENTRY_HEAD.exec(body);
    const message = body.slice(start, next === null ? undefined : next.index).trim();
    const dated = head[1] !== undefined;
    const clock =
      ((Number(head[4]) * 60 + Number(head[5])) * 60 + Number(head[6])) * 1000 + Number(head[7]);
    const ms = dated
      ? Date.UTC(Number(head[1]), Number(head[2]) - 1, Number(head[3])) + clock
      : clock;
    const node = pre?.host ?? head[8] ?? fileNode;
    entries.push({ file, line, ms, dated, node, message });
    head = next;
  }
  return { entries, noise };
}
