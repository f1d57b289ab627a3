/**
 * "What if" on the selection: a selected message offers drop it, delay it by … ms, duplicate
 * it, and crash its receiver as it arrives; a selected mark offers crash its node just after
 * it, restart after … ms; a node selected from its lifeline header offers crash it at … ms,
 * restart after … ms. Each writes a what-if selector (docs/cli.md), has the in-page runner
 * run the trace's scenario again with it (what-if-runner.ts), and hands the fork to the app,
 * which opens it beside the run. The "What if" section at the top of the side panel shows the
 * fork's command line, or the reason a fork was refused; its `data-state` says where it is.
 */
import * as d3 from 'd3';

import type { RerunInfo } from '../../sim/engine/trace.js';
import { formatTime } from './format.js';
import { type Loaded, loadText } from './load.js';
import type { Message, Model } from './model.js';
import type { Target } from './view.js';
import { forkCommand, scenarioFile } from './what-if-command.js';
import { runForkInPage } from './what-if-runner.js';

type Div = d3.Selection<HTMLDivElement, unknown, null, undefined>;

/** An input beside an offer's button, in milliseconds. */
interface MsField {
  /** Its name for screen readers. */
  name: string;
  /** Its value at first. */
  value: string;
  /** The text after it. */
  after: string;
}

/** One fork the selection offers: its button text and how it makes its selector. */
interface Offer {
  label: string;
  title: string;
  /** The inputs beside the button (ms), in order; none by default. */
  fields?: MsField[];
  /** The selector, from the inputs' values (trimmed) in order. */
  selector: (ms: string[]) => string;
}

/** The one input of an offer: `<label> (ms)`, followed by "ms". */
const msField = (label: string, value: string): MsField[] => [
  { name: `${label} (ms)`, value, after: ' ms' },
];

/** `:restart=<ms>ms`, or nothing when the input is empty (no restart). */
const restart = (ms: string | undefined): string =>
  ms === undefined || ms === '' ? '' : `:restart=${ms}ms`;

/** The trace's `meta.rerun`, or why there is none. */
function rerunOf(model: Model): RerunInfo | string {
  const r = model.meta?.rerun as Partial<RerunInfo> | undefined;
  if (r === undefined || typeof r !== 'object' || r === null || r.scenario === undefined)
    return 'This trace does not carry its scenario (an older movesim, or a trace read from CMS logs), so the page cannot fork it; run the scenario again with movesim run and open that trace.';
  return r as RerunInfo;
}

/** The forks a message offers. */
function messageOffers(m: Message): Offer[] {
  return [
    { label: 'drop it', title: 'the message is lost', selector: () => `msg=${m.msg}:drop` },
    {
      label: 'delay it by',
      title: 'it arrives this much later; later messages on its link stay behind it',
      fields: msField('delay it by', '100'),
      selector: ([ms]) => `msg=${m.msg}:delay=${ms}ms`,
    },
    {
      label: 'duplicate it',
      title: 'a second copy arrives right after it',
      selector: () => `msg=${m.msg}:duplicate`,
    },
    {
      label: `crash ${m.to} as it arrives, restart after`,
      title: `${m.to} crashes at ${formatTime(m.tEnd, 1)}, before this message is handed to it (empty: no restart)`,
      fields: msField(`crash ${m.to} as it arrives, restart after`, '1000'),
      selector: ([ms]) => `crash=${m.to}@${m.tEnd}us${restart(ms)}`,
    },
  ];
}

/** The fork a mark offers: its node crashes just after it. */
function markOffers(node: string, tUs: number): Offer[] {
  return [
    {
      label: `crash ${node} here, restart after`,
      title: `${node} crashes 1us after this event (empty: no restart)`,
      fields: msField(`crash ${node} here, restart after`, '1000'),
      selector: ([ms]) => `crash=${node}@${tUs + 1}us${restart(ms)}`,
    },
  ];
}

/** A time in microseconds as the "at" input shows it: milliseconds, exact to the microsecond. */
const msText = (us: number): string => String(us / 1000);

/** The fork a node offers: it crashes at a time (ms from the start), restarting after … ms. */
function nodeOffers(node: string, atUs: number): Offer[] {
  return [
    {
      label: `crash ${node} at`,
      title: `${node} crashes at this time (ms from the start of the run) and restarts this long after it (empty: no restart)`,
      fields: [
        { name: `crash ${node} at (ms)`, value: msText(atUs), after: ' ms, restart after' },
        { name: `restart ${node} after (ms; empty: no restart)`, value: '1000', after: ' ms' },
      ],
      selector: ([at, ms]) => `crash=${node}@${at}ms${restart(ms)}`,
    },
  ];
}

/** The "What if" section at the top of the side panel, made on first use. */
function resultBox(): HTMLDivElement {
  let box = document.getElementById('what-if-result') as HTMLDivElement | null;
  if (box) return box;
  const section = document.createElement('section');
  section.id = 'what-if';
  section.innerHTML = '<h2>What if</h2><div id="what-if-result" aria-live="polite"></div>';
  document.getElementById('panel')?.prepend(section);
  box = document.getElementById('what-if-result') as HTMLDivElement;
  return box;
}

/** Shows where the last fork is: running, made (with its command) or refused (with why). */
function showResult(
  state: 'running' | 'done' | 'refused',
  text: string,
  command?: { text: string; file: string },
): void {
  const box = d3.select(resultBox());
  box.attr('data-state', state).selectAll('*').remove();
  box
    .append('p')
    .attr('class', state === 'refused' ? 'what-if-error' : 'what-if-status')
    .text(text);
  if (command === undefined) return;
  box.append('div').attr('class', 'databox-title').text('the same fork from a shell');
  box
    .append('pre')
    .attr('class', 'what-if-command')
    .style('white-space', 'pre-wrap')
    .style('word-break', 'break-all')
    .style('max-height', '12em')
    .style('overflow', 'auto')
    .text(command.text);
  box
    .append('p')
    .attr('class', 'hint')
    .text(
      `Paste it into a POSIX shell (sh, bash, zsh) where npx movesim runs movesim, such as the movesim folder: it writes this run's scenario, as the trace carries it (every default, --set and earlier what-if applied), to ${command.file} in the current folder, then runs the fork on it, which writes the same trace.json as this page's fork.`,
    );
}

/** What the app does with a fork: open it beside the run it was made from. */
export type OnFork = (from: Model, fork: Loaded) => void;

/** True while a fork runs: the worker makes one at a time, so other clicks wait for it. */
let running = false;

/** Runs one fork of `model`'s run and hands it to `onFork`; a refusal is shown, not thrown. */
async function fork(
  model: Model,
  rerun: RerunInfo,
  selector: string,
  onFork: OnFork,
): Promise<void> {
  if (running) return;
  running = true;
  try {
    await forkOnce(model, rerun, selector, onFork);
  } finally {
    running = false;
  }
}

/** The body of `fork`: run, read the trace, show the result, open it. */
async function forkOnce(
  model: Model,
  rerun: RerunInfo,
  selector: string,
  onFork: OnFork,
): Promise<void> {
  const command = forkCommand(rerun, selector);
  const file = scenarioFile(rerun);
  const shell = { text: command, file };
  showResult('running', `running the fork ${selector}…`, shell);
  const reply = await runForkInPage({ rerun, whatIf: selector });
  if (!reply.ok) {
    showResult('refused', `Fork refused: ${reply.error}`, shell);
    return;
  }
  let loaded: Loaded;
  try {
    loaded = loadText(reply.trace, `what if ${selector}`);
  } catch (e) {
    showResult('refused', `The fork's trace could not be read: ${(e as Error).message}`, shell);
    return;
  }
  const results = loaded.model.outcomes.map((o) => `${o.move} ${o.result}`).join(', ');
  showResult('done', `fork ${selector}: ${results || 'no moves'}`, shell);
  onFork(model, loaded);
}

/** One offer as a row: the button, and its ms inputs when it has some. */
function offerRow(root: Div, offer: Offer, run: (selector: string) => void): void {
  const row = root.append('div').attr('class', 'what-if-offer');
  const button = row.append('button').attr('type', 'button').attr('title', offer.title);
  button.text(offer.label);
  const inputs = (offer.fields ?? []).map((f) => {
    const input = row
      .append('input')
      .attr('type', 'number')
      .attr('min', '0')
      .attr('step', 'any')
      .attr('aria-label', f.name)
      .property('value', f.value);
    row.append('span').text(f.after);
    return input;
  });
  button.on('click', () => {
    run(offer.selector(inputs.map((i) => String(i.property('value')).trim())));
  });
}

/** The offers' box below the selection's details, or the reason the trace cannot be forked. */
function offersBox(el: HTMLElement, model: Model, offers: Offer[], onFork: OnFork): void {
  const root = d3.select(el).append('div').attr('class', 'what-if-offers');
  root.append('div').attr('class', 'databox-title').text('what if…');
  const rerun = rerunOf(model);
  if (typeof rerun === 'string') {
    root.append('p').attr('class', 'hint').text(rerun);
    return;
  }
  for (const offer of offers)
    offerRow(root as unknown as Div, offer, (s) => void fork(model, rerun, s, onFork));
}

/** Adds the "what if" offers of the selected target below the selection's details. */
export function renderWhatIf(
  el: HTMLElement,
  model: Model,
  target: Target | null,
  onFork: OnFork,
): void {
  if (target === null || target.type === 'violation') return;
  const k = target.type === 'mark' ? model.marks[target.index] : undefined;
  const offers =
    target.type === 'arrow' ? messageOffers(target.arrow.first) : k ? markOffers(k.node, k.t) : [];
  if (offers.length === 0) return;
  offersBox(el, model, offers, onFork);
}

/**
 * Adds the "what if" offer of a node selected from its lifeline header: crash it at a time (by
 * default `atUs`, the time of what was selected before, else the first move's request, else
 * 0), restarting after … ms.
 */
export function renderNodeWhatIf(
  el: HTMLElement,
  model: Model,
  node: string,
  atUs: number | null,
  onFork: OnFork,
): void {
  const firstMove = model.outcomes.find((o) => o.requestedAt > 0)?.requestedAt;
  offersBox(el, model, nodeOffers(node, atUs ?? firstMove ?? 0), onFork);
}
