/**
 * Joining short texts into batches before they are encoded: the file writers (`FdWriter`,
 * `ThreadedFdWriter`) call the encoder once per batch of about 64 Ki characters instead of
 * once per line, which for millions of short lines is what keeps writing cheap. Joined strings
 * cost V8 almost nothing until the batch is encoded. It holds text only; it writes nothing.
 */
export class TextBatch {
  private text = '';

  /** Batches of at least `limitChars` characters are handed back by `add`. */
  constructor(private readonly limitChars: number) {}

  /** Adds `text`; returns the whole batch, and starts a new one, once it reaches the limit. */
  add(text: string): string | undefined {
    const joined = this.text + text;
    if (joined.length < this.limitChars) {
      this.text = joined;
      return undefined;
    }
    this.text = '';
    return joined;
  }

  /** The text added since the last batch was handed back (perhaps empty); starts a new batch. */
  take(): string {
    const rest = this.text;
    this.text = '';
    return rest;
  }
}
