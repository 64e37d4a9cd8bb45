/**
 * BM25F ranking over an entry's fields. A term's frequency in each field is weighted (title and questions count
 * most, then the answer, then the body) and normalised by that field's length against the average, then
 * saturated once with k1 — so a word repeated in a long body cannot outrank the same word in a short title.
 *   score = Σ_terms boost · idf(t) · tf̃ / (k1 + tf̃),   tf̃ = Σ_fields w_f · tf_f / (1 − b + b · len_f / avglen_f)
 *   idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))
 */

export const FIELDS = ['title', 'questions', 'answer', 'body'] as const;
export type Field = (typeof FIELDS)[number];

export const FIELD_WEIGHTS: Record<Field, number> = { title: 3, questions: 3, answer: 2, body: 1 };
export const K1 = 1.2;
export const B = 0.75;

export type FieldValues = Record<Field, number>;

export interface CorpusStats {
  /** Number of published entries. */
  docs: number;
  avgLength: FieldValues;
}

export function idf(docs: number, df: number): number {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
}

/** One term's contribution to an entry's score. */
export function termScore(tf: Partial<FieldValues>, lengths: FieldValues, corpus: CorpusStats, df: number): number {
  let weighted = 0;
  for (const f of FIELDS) {
    const n = tf[f] ?? 0;
    if (n === 0) continue;
    const avg = corpus.avgLength[f] || 1;
    weighted += (FIELD_WEIGHTS[f] * n) / (1 - B + (B * lengths[f]) / avg);
  }
  if (weighted === 0) return 0;
  return (idf(corpus.docs, df) * weighted) / (K1 + weighted);
}
