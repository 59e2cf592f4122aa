/** Nearest-name suggestions for unknown keys and references ("did you mean …"). */

/** Levenshtein distance between two strings (case-sensitive). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidate nearest to `name`, or undefined when none is close enough. Case differences count as half a
 * mistake; the accepted distance grows with the length of the name (at most a third of it, at least 2).
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    // The distance is at least the difference in length: such a candidate can never be close enough.
    if (Math.abs(c.length - name.length) > limit) continue;
    const other = c.toLowerCase();
    const score = other === lower ? 0.5 : editDistance(lower, other) + 0.001;
    if (score < bestScore || (score === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore <= limit ? best : undefined;
}
