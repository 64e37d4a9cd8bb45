/**
 * Which district's knowledge a person or terminal reads and writes (issue 22): an entry belongs to a district, or to
 * none — a city-wide entry, written at the city level, read in every district. A district's knowledge base is its
 * own entries and the city-wide ones; its editors and reviewers change only its own (in a one-district install the
 * city-wide ones are its own too: server/tenancy/district-sql.ts). Another district's entry is not found.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { AppError } from '@/domain/errors';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope } from '@/server/tenancy/district-sql';

/** Entries a scope reads: the district's own and the city-wide (district column NULL); every entry city-wide. */
export function readableIn(districtColumn: string, scope: DistrictScope): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`;
  const column = sql.ref(districtColumn);
  return sql<boolean>`(${column} IS NULL OR ${column} = ${scope.code})`;
}

/** Entries a scope changes: its own. */
export function editableIn(districtColumn: string, scope: DistrictScope): RawBuilder<boolean> {
  return districtInScope(districtColumn, scope);
}

/** The district a search reads for this scope (null: all), as the ranking query takes it. */
export function searchDistrict(scope: DistrictScope | undefined): string | null {
  return scope?.kind === 'district' ? scope.code : null;
}

export function entryNotFound(entryId: number): AppError {
  return new AppError('NOT_FOUND', 'error.notFound', `No knowledge entry ${entryId}`, { what: `知识条目 ${entryId}` });
}

/** Whether the scope reads this entry (false too when there is no such entry). */
export async function entryReadableIn(db: Kysely<Database>, entryId: number, scope: DistrictScope): Promise<boolean> {
  if (scope.kind === 'city') return true;
  const row = await db
    .selectFrom('knowledge_entries as e')
    .select('e.id')
    .where('e.id', '=', entryId)
    .where(readableIn('e.district_code', scope))
    .executeTakeFirst();
  return row !== undefined;
}

/** Refuses, as not found, an entry the scope does not read. */
export async function assertEntryReadable(db: Kysely<Database>, entryId: number, scope: DistrictScope): Promise<void> {
  if (!(await entryReadableIn(db, entryId, scope))) throw entryNotFound(entryId);
}

/** Refuses an entry the scope may not change: another district's as not found, a city-wide one as the city's to change. */
export async function assertEntryEditable(db: Kysely<Database>, entryId: number, scope: DistrictScope): Promise<void> {
  if (scope.kind === 'city') return;
  const row = await db
    .selectFrom('knowledge_entries as e')
    .select(editableIn('e.district_code', scope).as('editable'))
    .where('e.id', '=', entryId)
    .where(readableIn('e.district_code', scope))
    .executeTakeFirst();
  if (!row) throw entryNotFound(entryId);
  if (!row.editable) throw new AppError('FORBIDDEN', 'knowledge.error.cityWide', `Knowledge entry ${entryId} is city-wide`);
}
