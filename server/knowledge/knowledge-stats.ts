/**
 * 知识库统计: the published entries counted by type, category, owning department and freshness (days since the
 * entry was last published or confirmed by an inspection), for the editors' and reviewers' overview.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { readableIn } from './knowledge-district';

export const FRESHNESS_BANDS = ['within90', 'within180', 'within365', 'older', 'never'] as const;
export type FreshnessBand = (typeof FRESHNESS_BANDS)[number];

export interface Count<K> {
  key: K;
  count: number;
}

export interface KnowledgeStatistics {
  published: number;
  byType: Count<string>[];
  /** null: entries without a category. */
  byCategory: Count<string | null>[];
  /** null: entries no department owns. */
  byDepartment: Count<string | null>[];
  byFreshness: Count<FreshnessBand>[];
}

/** One grouped read; the four views are folded from it, largest first. */
export async function knowledgeStatistics(db: Kysely<Database>, now: Date, scope: DistrictScope): Promise<KnowledgeStatistics> {
  const day = 86_400_000;
  const since = (days: number) => new Date(now.getTime() - days * day);
  const rows = await db
    .selectFrom('knowledge_entries as e')
    .innerJoin('knowledge_versions as v', (j) => j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.published_version'))
    .leftJoin('knowledge_departments as d', 'd.id', 'v.department_id')
    .where('e.status', '=', 'published')
    // A district's overview counts what its people read: its own entries and the city-wide ones.
    .where(readableIn('e.district_code', scope))
    .select([
      'v.type as type',
      'v.category as category',
      'd.name as department',
      sql<FreshnessBand>`CASE
        WHEN e.checked_at IS NULL THEN 'never'
        WHEN e.checked_at >= ${since(90)} THEN 'within90'
        WHEN e.checked_at >= ${since(180)} THEN 'within180'
        WHEN e.checked_at >= ${since(365)} THEN 'within365'
        ELSE 'older' END`.as('freshness'),
      sql<string>`count(*)`.as('count'),
    ])
    .groupBy(['v.type', 'v.category', 'd.name', 'freshness'])
    .execute();

  const fold = <K>(keyOf: (r: (typeof rows)[number]) => K): Count<K>[] => {
    const counts = new Map<K, number>();
    for (const r of rows) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + Number(r.count));
    return [...counts.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
  };
  const freshness = fold((r) => r.freshness);
  return {
    published: rows.reduce((n, r) => n + Number(r.count), 0),
    byType: fold((r) => r.type),
    byCategory: fold((r) => r.category || null),
    byDepartment: fold((r) => r.department),
    // Bands in their own order (fresh to stale), each present even when empty.
    byFreshness: FRESHNESS_BANDS.map((key) => ({ key, count: freshness.find((f) => f.key === key)?.count ?? 0 })),
  };
}
