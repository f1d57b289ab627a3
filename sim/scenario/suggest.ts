/**
 * "Did you mean" suggestions: the closest word to a misspelt one among the words allowed there.
 *
 * This file only measures and picks; it does not know which words are allowed where.
 */

/** The Levenshtein distance between two strings, ignoring case. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

/**
 * The candidate closest to `word`, when it is close enough to be a likely typo: at most a third
 * of the word's length away (at least 1, at most 3), or equal ignoring case.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** ` did you mean "x"?` for the closest candidate, or an empty string when none is close. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = '"'): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean ${quote}${c}${quote}?`;
}

/** Lists words for a message, cut after `max` with a count of the rest. */
export function listWords(words: readonly string[], max = 12): string {
  if (words.length === 0) return '(none)';
  if (words.length <= max) return words.join(', ');
  return `${words.slice(0, max).join(', ')} and ${words.length - max} more`;
}
