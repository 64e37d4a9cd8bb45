/**
 * The knowledge base at scale (issue 13, "Speed"), on the embedded database and on PostgreSQL: the demo entries
 * plus synthetic ones from the scale generator up to `--knowledge-entries=N` (or KNOWLEDGE_BENCH_ENTRIES; default
 * 40,000), loaded through the product's own publishing and index. Measured:
 *  - Q&A: the labelled quality questions through the product's BM25F search, p50/p95, beside a LIKE '%…%' scan of
 *    title, answer and body ranked by how many of the question's words it contains, and the ratio; top-1/top-3
 *    of the labelled set at this size too;
 *  - near-duplicates: a 1,000-entry import (a fifth of it near-copies of stored entries) checked by the product's
 *    MinHash/LSH check (one batched check for the whole import, as an import runs it), beside all-pairs comparison of the same signatures against every stored one (timed on a
 *    sample of the import and scaled when the full run would be long), and the ratio;
 *  - precision and recall of the check on the planted pairs (those inside the corpus and those in the import).
 */
import { sql } from 'kysely';
import type { DialectName } from '@/db/connect';
import { comparableText, signature, similarity } from '@/domain/knowledge/minhash';
import { segment } from '@/domain/knowledge/segment';
import { ManualClock } from '@/server/clock';
import { KnowledgeService, DUPLICATE_THRESHOLD } from '@/server/knowledge/knowledge.service';
import { generateImport, generateScaledCorpus, writeScaledCorpus } from '@/server/sim/knowledge-scale';
import { demoEntries, seedKnowledge } from '@/server/sim/knowledge-seed';
import { QUALITY_QUESTIONS } from '@/tests/quality/knowledge-questions';
import { freshDatabase, type TestDatabase } from '@/tests/integration/databases';
import { median, p95, round, timed } from './stats';

const IMPORT_SIZE = 1000;
/** All-pairs comparisons above this many are timed on a sample of the import and scaled. */
const ALL_PAIRS_FULL_LIMIT = 5_000_000;

function entryCount(): number {
  const arg = process.argv.find((a) => a.startsWith('--knowledge-entries='));
  return Number(arg?.split('=')[1] ?? process.env.KNOWLEDGE_BENCH_ENTRIES ?? 40_000);
}

/** The common way: every published entry scanned with LIKE per word, ranked by how many words it contains. */
async function likeScan(database: TestDatabase, question: string): Promise<number[]> {
  const words = segment(question);
  if (words.length === 0) return [];
  const matches = sql.join(
    words.map((w) => sql`(CASE WHEN v.title LIKE ${`%${w}%`} OR v.answer LIKE ${`%${w}%`} OR v.body LIKE ${`%${w}%`} THEN 1 ELSE 0 END)`),
    sql` + `,
  );
  const { rows } = await sql<{ id: number; score: number }>`
    SELECT e.id, (${matches}) AS score FROM knowledge_entries e
    JOIN knowledge_versions v ON v.entry_id = e.id AND v.version = e.published_version
    WHERE e.status = 'published' AND (${matches}) > 0
    ORDER BY score DESC, e.id LIMIT 10`.execute(database.db);
  return rows.map((r) => r.id);
}

async function benchQuestions(database: TestDatabase, kb: KnowledgeService) {
  const ask = (q: string) => kb.search(q, { canSeeSensitive: false, limit: 10, log: false });
  for (const [q] of QUALITY_QUESTIONS.slice(0, 10)) await ask(q); // warm caches and plans, as a running server would have them
  const searchMs: number[] = [];
  const likeMs: number[] = [];
  let top1 = 0;
  let top3 = 0;
  for (const [question, expected] of QUALITY_QUESTIONS) {
    const [ms, result] = await timed(() => ask(question));
    searchMs.push(ms);
    const titles = result.hits.slice(0, 3).map((h) => h.title.map((r) => r.text).join(''));
    if (titles[0] === expected) top1++;
    if (titles.includes(expected)) top3++;
    likeMs.push((await timed(() => likeScan(database, question)))[0]);
  }
  const n = QUALITY_QUESTIONS.length;
  return {
    questions: n,
    searchP50Ms: round(median(searchMs)),
    searchP95Ms: round(p95(searchMs)),
    likeScanP50Ms: round(median(likeMs)),
    likeScanP95Ms: round(p95(likeMs)),
    likeOverSearchP95: round(p95(likeMs) / p95(searchMs), 1),
    top1Share: round(top1 / n, 3),
    top3Share: round(top3 / n, 3),
  };
}

async function benchDialect(dialect: DialectName, serverUrl: string, entries: number) {
  const database = await freshDatabase(dialect, { serverUrl });
  try {
    const kb = new KnowledgeService({ db: database.db, clock: new ManualClock('2026-03-02T02:00:00Z') });
    const [loadMs, { corpus, ids }] = await timed(async () => {
      await seedKnowledge(database.db, kb);
      const generated = generateScaledCorpus({ count: Math.max(0, entries - demoEntries().length), seed: 'knowledge-bench' });
      return { corpus: generated, ids: await writeScaledCorpus(kb, generated.entries) };
    });
    // Fresh statistics and visibility after the bulk load, as autovacuum soon has them on a running server (an
    // index-only read of the postings needs the latter).
    await sql`VACUUM ANALYZE`.execute(database.db);
    const { count } = await database.db
      .selectFrom('knowledge_entries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    const family = new Map(ids.map((id, i) => [id, corpus.entries[i].family]));

    const qa = await benchQuestions(database, kb);

    // The import, checked the product's way.
    const imported = generateImport(corpus, { count: IMPORT_SIZE, seed: 'knowledge-bench-import', copyShare: 0.2 });
    const [checkMs, flagged] = await timed(() => kb.duplicatesOfMany(imported.map((e) => e.input)));

    // The same import compared with every stored signature.
    const [loadSignaturesMs, stored] = await timed(async () =>
      (await database.db.selectFrom('knowledge_signatures').select(['entry_id', 'signature']).execute()).map((r) => r.signature),
    );
    const fullPairs = IMPORT_SIZE * stored.length;
    const sample = fullPairs <= ALL_PAIRS_FULL_LIMIT ? IMPORT_SIZE : Math.max(20, Math.floor(ALL_PAIRS_FULL_LIMIT / stored.length));
    const [sampleMs] = await timed(async () => {
      let above = 0;
      for (const e of imported.slice(0, sample)) {
        const sig = signature(comparableText(e.input));
        for (const other of stored) if (similarity(sig, other) >= DUPLICATE_THRESHOLD) above++;
      }
      return above;
    });
    const allPairsMs = loadSignaturesMs + (sampleMs * IMPORT_SIZE) / sample;

    // Precision and recall on the planted pairs: in the import (copies of stored entries) and inside the corpus.
    let copies = 0;
    let copiesFound = 0;
    let pairsFlagged = 0;
    let pairsWrong = 0;
    imported.forEach((e, i) => {
      const copy = e.family < 1_000_000_000;
      if (copy) copies++;
      if (copy && flagged[i].some((d) => family.get(d.entryId) === e.family)) copiesFound++;
      pairsFlagged += flagged[i].length;
      pairsWrong += flagged[i].filter((d) => family.get(d.entryId) !== e.family).length;
    });
    let plantedFound = 0;
    const plantedFlags = await kb.duplicatesOfMany(
      corpus.planted.map(([, copy]) => corpus.entries[copy].input),
      corpus.planted.map(([, copy]) => ids[copy]),
    );
    for (const [n, [original, copy]] of corpus.planted.entries()) {
      const found = plantedFlags[n];
      if (found.some((d) => d.entryId === ids[original])) plantedFound++;
      pairsFlagged += found.length;
      pairsWrong += found.filter((d) => family.get(d.entryId) !== corpus.entries[copy].family).length;
    }
    const planted = copies + corpus.planted.length;
    return {
      publishedEntries: Number(count),
      loadMs: round(loadMs),
      qa,
      qaTargetP95Ms: dialect === 'postgres' ? 50 : 150,
      duplicates: {
        importEntries: IMPORT_SIZE,
        checkMs: round(checkMs),
        checkTargetMs: 5000,
        allPairsMs: round(allPairsMs),
        allPairsMeasuredOn:
          sample === IMPORT_SIZE
            ? `all ${IMPORT_SIZE} imports × ${stored.length} stored`
            : `${sample} of ${IMPORT_SIZE} imports × ${stored.length} stored, scaled ×${round(IMPORT_SIZE / sample, 1)}, plus loading the signatures (${round(loadSignaturesMs)} ms)`,
        allPairsOverCheck: round(allPairsMs / checkMs, 1),
        plantedPairs: planted,
        plantedFound: copiesFound + plantedFound,
        foundShare: round((copiesFound + plantedFound) / Math.max(1, planted), 4),
        pairsFlagged,
        pairsWrong,
        wrongShare: round(pairsWrong / Math.max(1, pairsFlagged), 4),
      },
    };
  } finally {
    await database.drop();
  }
}

export async function runKnowledgeBench(options: { serverUrl: string }) {
  const entries = entryCount();
  return {
    note: `${entries} knowledge entries (the demo entries plus synthetic ones from server/sim/knowledge-scale.ts with planted near-copies); ${QUALITY_QUESTIONS.length} labelled questions; a ${IMPORT_SIZE}-entry import, a fifth of it near-copies`,
    embedded: await benchDialect('embedded', options.serverUrl, entries),
    postgres: await benchDialect('postgres', options.serverUrl, entries),
  };
}
