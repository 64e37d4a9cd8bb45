/** All SQL of the category taxonomy and its per-category time-limit overrides. */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';

export function listCategories(db: Kysely<Database>) {
  return db
    .selectFrom('order_categories as c')
    .innerJoin('order_category_groups as g', 'g.code', 'c.group_code')
    .select([
      'c.code',
      'c.group_code',
      'g.name_zh as group_name_zh',
      'g.name_en as group_name_en',
      'c.name_zh',
      'c.name_en',
      'c.unit_kinds',
      'c.default_priority',
      'c.active',
    ])
    .orderBy('g.sort')
    .orderBy('c.sort')
    .execute();
}

export type CategoryRecord = Awaited<ReturnType<typeof listCategories>>[number];

export function findTimeLimitOverride(db: Kysely<Database>, categoryCode: string, priority: number) {
  return db
    .selectFrom('order_time_limits')
    .select(['respond_minutes', 'resolve_minutes'])
    .where('category_code', '=', categoryCode)
    .where('priority', '=', priority)
    .executeTakeFirst();
}

export function upsertTimeLimitOverride(
  db: Kysely<Database>,
  row: { category_code: string; priority: number; respond_minutes: number; resolve_minutes: number },
) {
  return db
    .insertInto('order_time_limits')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['category_code', 'priority']).doUpdateSet({ respond_minutes: row.respond_minutes, resolve_minutes: row.resolve_minutes }),
    )
    .execute();
}
