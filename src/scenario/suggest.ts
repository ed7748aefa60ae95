// "Did you mean …?" for misspelt keys, hosts, apps and components.

/**
 * Optimal string alignment distance (Levenshtein plus the swap of two neighbours), or `limit + 1`
 * as soon as it is sure to be more than `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1);
      best = Math.min(best, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current.push(best);
      rowBest = Math.min(rowBest, best);
    }
    // A swap reaches back two rows, so stop only when both rows are past the limit.
    if (rowBest > limit && Math.min(...previous) > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? 0, limit + 1);
}

/**
 * The candidate closest to `word`: within 1 edit for short words and 2 for longer ones (ignoring
 * case), or else one that starts with it or that it starts with (3 letters at least). Ties go to
 * the earlier candidate.
 */
export function suggest(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(2, Math.floor(word.length / 3)));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== null || lower.length < 3) return best;
  return (
    candidates.find((candidate) => {
      const other = candidate.toLowerCase();
      return other.length >= 3 && (other.startsWith(lower) || lower.startsWith(other));
    }) ?? null
  );
}

/** At most `max` names, then how many more: `a, b, c and 7 more`. */
export function listNames(names: readonly string[], max = 8): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max - 2).join(', ')} and ${names.length - (max - 2)} more`;
}

/** `unknown key "replcas"; did you mean "replicas"?`, or else the names that are allowed. */
export function unknownName(kind: string, found: string, allowed: readonly string[]): string {
  const quoted = JSON.stringify(found);
  const guess = suggest(found, allowed);
  if (guess !== null) return `unknown ${kind} ${quoted}; did you mean ${JSON.stringify(guess)}?`;
  if (allowed.length === 0) return `unknown ${kind} ${quoted}`;
  return `unknown ${kind} ${quoted}; expected one of ${listNames(allowed)}`;
}
