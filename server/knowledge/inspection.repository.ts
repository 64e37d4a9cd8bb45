/** SQL of 检查更新: published entries with what the rules look at, the rules, the tasks and department editors. */
import type { Kysely } from 'kysely';
import type { Database, InspectionOutcome } from '@/db/schema';

type Db = Kysely<Database>;

/** Published entries without an open task, with the fields the rules match and the last confirmation. */
export function publishedWithoutOpenTask(db: Db) {
  return db
    .selectFrom('knowledge_entries as e')
    .innerJoin('knowledge_versions as v', (j) => j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.published_version'))
    .select(['e.id', 'e.checked_at', 'v.type', 'v.category', 'v.area', 'v.department_id'])
    .where('e.status', '=', 'published')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('knowledge_inspections as i').select('i.id').whereRef('i.entry_id', '=', 'e.id').where('i.status', '=', 'open'),
        ),
      ),
    )
    .execute();
}

export function rules(db: Db) {
  return db.selectFrom('knowledge_inspection_rules').selectAll().orderBy('id').execute();
}

export async function insertTasks(
  db: Db,
  tasks: ReadonlyArray<{ entryId: number; departmentId: number | null; ruleId: number; at: Date; dueAt: Date }>,
): Promise<number> {
  if (tasks.length === 0) return 0;
  const r = await db
    .insertInto('knowledge_inspections')
    .values(
      tasks.map((t) => ({
        entry_id: t.entryId,
        department_id: t.departmentId,
        rule_id: t.ruleId,
        created_at: t.at,
        due_at: t.dueAt,
        outcome: null,
        note: null,
        done_by: null,
        done_at: null,
        chased_at: null,
      })),
    )
    // A concurrent round may have opened one meanwhile: the partial unique index keeps one open task per entry.
    .onConflict((oc) => oc.column('entry_id').where('status', '=', 'open').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Open tasks past due and not chased within the last `sinceMs`: marked chased again. Returns them. */
export function chase(db: Db, now: Date, since: Date) {
  return db
    .updateTable('knowledge_inspections')
    .set((eb) => ({ chased_at: now, chase_count: eb('chase_count', '+', 1) }))
    .where('status', '=', 'open')
    .where('due_at', '<', now)
    .where((eb) => eb.or([eb('chased_at', 'is', null), eb('chased_at', '<=', since)]))
    .returning(['id', 'entry_id', 'department_id', 'chase_count'])
    .execute();
}

export function findTask(db: Db, id: number) {
  return db.selectFrom('knowledge_inspections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function closeTask(
  db: Db,
  id: number,
  done: { outcome: InspectionOutcome; note: string | null; by: number | null; at: Date },
): Promise<boolean> {
  const r = await db
    .updateTable('knowledge_inspections')
    .set({ status: 'done', outcome: done.outcome, note: done.note, done_by: done.by, done_at: done.at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markChecked(db: Db, entryId: number, at: Date): Promise<void> {
  await db.updateTable('knowledge_entries').set({ checked_at: at }).where('id', '=', entryId).execute();
}

export async function departmentsOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('knowledge_department_editors').select('department_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.department_id);
}

/** Open tasks (of these departments, or all), overdue first then by due time, with the entry and department. */
export function openTasks(db: Db, departmentIds: readonly number[] | null, limit: number) {
  let q = db
    .selectFrom('knowledge_inspections as i')
    .innerJoin('knowledge_entries as e', 'e.id', 'i.entry_id')
    .innerJoin('knowledge_versions as v', (j) => j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.latest_version'))
    .leftJoin('knowledge_departments as d', 'd.id', 'i.department_id')
    .select([
      'i.id',
      'i.entry_id',
      'v.title',
      'v.type',
      'd.name as department',
      'i.created_at',
      'i.due_at',
      'i.chase_count',
      'e.latest_version',
    ])
    .where('i.status', '=', 'open');
  if (departmentIds) q = q.where('i.department_id', 'in', departmentIds.length ? departmentIds : [-1]);
  return q.orderBy('i.due_at').orderBy('i.id').limit(limit).execute();
}
