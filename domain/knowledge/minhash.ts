/**
 * Near-duplicate detection: MinHash signatures over an entry's words and character 3-grams, and LSH banding so
 * that an import of many entries only compares candidates sharing a band, never all pairs. With 16 bands of 4
 * rows, pairs above about 0.5 Jaccard similarity almost always share a band.
 */
import { segment } from './segment';

export const HASHES = 64;
export const BANDS = 16;
const ROWS = HASHES / BANDS;

function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Words and character 3-grams (punctuation and spaces dropped) of a text. */
export function shingles(text: string): Set<string> {
  const set = new Set<string>();
  for (const w of segment(text)) set.add(`w:${w}`);
  const chars = [
    ...text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]/gu, ''),
  ];
  for (let i = 0; i + 3 <= chars.length; i++) set.add(`c:${chars.slice(i, i + 3).join('')}`);
  return set;
}

export function signature(text: string): number[] {
  const sig = new Array<number>(HASHES).fill(0xffffffff);
  for (const s of shingles(text)) {
    // Two base hashes combined give the family h_i = a + i·b (Kirsch–Mitzenmacher).
    const a = fnv1a(s, 0);
    const b = fnv1a(s, 0x9e3779b9) | 1;
    for (let i = 0; i < HASHES; i++) {
      const h = (a + Math.imul(i, b)) >>> 0;
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures (0–1). */
export function similarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

/** The LSH band keys of a signature: entries sharing any key are candidates. */
export function bandKeys(sig: readonly number[]): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    keys.push(`${band}:${fnv1a(sig.slice(band * ROWS, band * ROWS + ROWS).join(','), band).toString(36)}`);
  }
  return keys;
}

/** The text an entry is compared by. */
export function comparableText(entry: { title: string; questions: readonly string[]; answer: string; body: string }): string {
  return [entry.title, ...entry.questions, entry.answer, entry.body].join('\n');
}
