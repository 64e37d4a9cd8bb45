/**
 * The knowledge quality set against the demonstration entries (embedded database; the ranking is the same code on
 * both dialects): top-1 and top-3 accuracy of Q&A, printed and held to the targets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@/server/clock';
import { KnowledgeService } from '@/server/knowledge/knowledge.service';
import { seedKnowledge } from '@/server/sim/knowledge-seed';
import { QUALITY_QUESTIONS } from '../quality/knowledge-questions';
import { freshDatabase, type TestDatabase } from './databases';

describe('knowledge quality set', () => {
  let database: TestDatabase;
  let kb: KnowledgeService;

  beforeAll(async () => {
    database = await freshDatabase('embedded');
    kb = new KnowledgeService({ db: database.db, clock: new ManualClock('2026-03-02T02:00:00Z') });
    await seedKnowledge(database.db, kb);
  }, 120_000);
  afterAll(async () => database?.drop());

  it('answers the quality questions: top-1 ≥ 80 %, top-3 ≥ 95 %', async () => {
    let top1 = 0;
    let top3 = 0;
    const misses: string[] = [];
    for (const [question, expected] of QUALITY_QUESTIONS) {
      const { hits } = await kb.search(question, { canSeeSensitive: false, limit: 3, log: false });
      const titles = hits.map((h) => h.title.map((r) => r.text).join(''));
      if (titles[0] === expected) top1++;
      if (titles.includes(expected)) top3++;
      else misses.push(`${question} → ${titles[0] ?? '（无）'}（应为 ${expected}）`);
    }
    const n = QUALITY_QUESTIONS.length;
    console.log(`knowledge quality: ${n} questions, top-1 ${((top1 / n) * 100).toFixed(1)} %, top-3 ${((top3 / n) * 100).toFixed(1)} %`);
    if (misses.length) console.log(misses.join('\n'));
    expect(top1 / n).toBeGreaterThanOrEqual(0.8);
    expect(top3 / n).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
