/**
 * All SQL of versioned rules (dispatch rules, alarm thresholds): one row per version in a table of the same
 * shape, frozen once written (each table's trigger enforces it); the active version is the latest approved.
 */
import type { Kysely } from 'kysely';
import type { Database, DispatchRulesRow } from '@/db/schema';

export type RulesTable = 'dispatch_rules' | 'alarm_rules' | 'fee_tariff_rules' | 'settlement_grade_rules';

export function findActiveRules(db: Kysely<Database>, table: RulesTable): Promise<Pick<DispatchRulesRow, 'version' | 'rules'> | undefined> {
  return db
    .selectFrom(table)
    .select(['version', 'rules'])
    .where('status', '=', 'approved')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findRulesVersion(db: Kysely<Database>, table: RulesTable, version: number): Promise<DispatchRulesRow | undefined> {
  return db.selectFrom(table).selectAll().where('version', '=', version).executeTakeFirst();
}

export function listRulesVersions(db: Kysely<Database>, table: RulesTable, limit: number) {
  return db
    .selectFrom(`${table} as r` as 'dispatch_rules as r')
    .leftJoin('users as p', 'p.id', 'r.proposed_by')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .select([
      'r.version',
      'r.status',
      'r.rules',
      'r.note',
      'r.proposed_at',
      'r.decided_at',
      'r.decision_note',
      'p.display_name as proposed_by_name',
      'd.display_name as decided_by_name',
    ])
    .orderBy('r.version', 'desc')
    .limit(limit)
    .execute();
}

export async function insertProposal(
  db: Kysely<Database>,
  table: RulesTable,
  row: { rules: Record<string, unknown>; note: string; proposedBy: number | null; at: Date },
): Promise<number> {
  const inserted = await db
    .insertInto(table)
    .values({ status: 'proposed', rules: JSON.stringify(row.rules), note: row.note, proposed_by: row.proposedBy, proposed_at: row.at })
    .returning('version')
    .executeTakeFirstOrThrow();
  return inserted.version;
}

/** Decides a proposal once; false when it was no longer a proposal (decided by someone else meanwhile). */
export async function decideProposal(
  db: Kysely<Database>,
  table: RulesTable,
  version: number,
  decision: { status: 'approved' | 'rejected'; decidedBy: number | null; at: Date; note: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set({ status: decision.status, decided_by: decision.decidedBy, decided_at: decision.at, decision_note: decision.note })
    .where('version', '=', version)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
