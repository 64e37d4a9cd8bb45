/**
 * The knowledge scale generator on both dialects, at a small size: its entries go through the product's own
 * publishing and index, the product's duplicate check finds the planted near-copies (and flags no unrelated entry),
 * and search still ranks a labelled answer first among the synthetic entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@/server/clock';
import { KnowledgeService } from '@/server/knowledge/knowledge.service';
import { seedKnowledge } from '@/server/sim/knowledge-seed';
import { generateScaledCorpus, writeScaledCorpus, type ScaledCorpus } from '@/server/sim/knowledge-scale';
import { QUALITY_QUESTIONS } from '../quality/knowledge-questions';
import { dialects, freshDatabase, type TestDatabase } from './databases';

describe.each(dialects)('knowledge scale generator on %s', (dialect) => {
  let database: TestDatabase;
  let kb: KnowledgeService;
  let corpus: ScaledCorpus;
  let ids: number[];

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    kb = new KnowledgeService({ db: database.db, clock: new ManualClock('2026-03-02T02:00:00Z') });
    await seedKnowledge(database.db, kb);
    corpus = generateScaledCorpus({ count: 500, seed: 'kb-scale-test', plantedShare: 0.05 });
    ids = await writeScaledCorpus(kb, corpus.entries, { batchSize: 200 });
  }, 120_000);
  afterAll(async () => database?.drop());

  it('is deterministic and marks every entry synthetic', async () => {
    expect(generateScaledCorpus({ count: 500, seed: 'kb-scale-test', plantedShare: 0.05 })).toEqual(corpus);
    const row = await database.db
      .selectFrom('knowledge_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids)
      .where('synthetic', '=', true)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    expect(Number(row.n)).toBe(500);
  });

  it('the duplicate check finds every planted near-copy and no unrelated entry', async () => {
    expect(corpus.planted.length).toBeGreaterThan(10);
    const family = new Map(ids.map((id, i) => [id, corpus.entries[i].family]));
    for (const [original, copy] of corpus.planted) {
      const found = await kb.duplicatesOf(corpus.entries[copy].input, ids[copy]);
      expect(found.map((d) => d.entryId)).toContain(ids[original]);
      for (const d of found) expect(family.get(d.entryId)).toBe(corpus.entries[copy].family);
    }
  });

  it('search still ranks a labelled answer first', async () => {
    const [question, expected] = QUALITY_QUESTIONS[0];
    const { hits } = await kb.search(question, { canSeeSensitive: false, limit: 3, log: false });
    expect(hits[0].title.map((r) => r.text).join('')).toBe(expected);
  });
});
