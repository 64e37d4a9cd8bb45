/**
 * How alike two facility names are, 0…1: one minus the Levenshtein distance over the longer name's length, after
 * normalising (NFKC, lower case, spaces and punctuation dropped), so "中山公园 公厕" and "中山公园公厕" are 1.
 * The distance is fastest-levenshtein's. Duplicates need a similarity of at least DEFAULT_NAME_SIMILARITY by default.
 */
import { distance } from 'fastest-levenshtein';
import { normaliseWord } from './facility-words';

export const DEFAULT_NAME_SIMILARITY = 0.8;
/** Same kind within this many metres (and similar names) is a duplicate by default. */
export const DEFAULT_DUPLICATE_METERS = 20;

export function nameSimilarity(a: string, b: string): number {
  const x = normaliseWord(a);
  const y = normaliseWord(b);
  if (!x && !y) return 1;
  if (!x || !y) return 0;
  return 1 - distance(x, y) / Math.max(x.length, y.length);
}
