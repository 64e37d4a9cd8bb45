/**
 * All SQL of the knowledge base: entries and their versions, the inverted index (postings, document frequencies,
 * field lengths), MinHash band keys, feedback, unanswered questions, synonyms and sensitive words.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, KnowledgeVersionRow, NewKnowledgeVersion } from '@/db/schema';
import type { DistrictScope } from '@/domain/tenancy/district-scope';
import { districtInScope } from '@/server/tenancy/district-sql';
import { editableIn } from './knowledge-district';

type Db = Kysely<Database>;

/** district: the entry's district, null for a city-wide entry (migration 0074). */
type NewEntry = { createdBy: number | null; at: Date; synthetic: boolean; district?: string | null };

export async function insertEntry(db: Db, row: NewEntry): Promise<number> {
  return (await insertEntries(db, [row]))[0];
}

/** Several entries in one statement (bulk loads); their ids in the order given. */
export async function insertEntries(db: Db, rows: readonly NewEntry[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('knowledge_entries')
    .values(
      rows.map((row) => ({
        created_by: row.createdBy,
        created_at: row.at,
        updated_at: row.at,
        synthetic: row.synthetic,
        district_code: row.district ?? null,
        published_version: null,
        taken_down_reason: null,
      })),
    )
    .returning('id')
    .execute();
  // A serial assigns ascending ids within one statement, so sorting restores the order given.
  return inserted.map((e) => e.id).sort((a, b) => a - b);
}

export async function insertVersion(db: Db, row: NewKnowledgeVersion): Promise<void> {
  await insertVersions(db, [row]);
}

export async function insertVersions(db: Db, rows: readonly NewKnowledgeVersion[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('knowledge_versions')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** Moves the entry's latest version on only if nobody else did meanwhile (no lost update). */
export async function bumpLatestVersion(db: Db, entryId: number, expected: number, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('knowledge_entries')
    .set({ latest_version: expected + 1, updated_at: at })
    .where('id', '=', entryId)
    .where('latest_version', '=', expected)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findEntry(db: Db, entryId: number) {
  return db.selectFrom('knowledge_entries').selectAll().where('id', '=', entryId).executeTakeFirst();
}

export function findVersion(db: Db, entryId: number, version: number): Promise<KnowledgeVersionRow | undefined> {
  return db.selectFrom('knowledge_versions').selectAll().where('entry_id', '=', entryId).where('version', '=', version).executeTakeFirst();
}

export function listVersions(db: Db, entryId: number): Promise<KnowledgeVersionRow[]> {
  return db.selectFrom('knowledge_versions').selectAll().where('entry_id', '=', entryId).orderBy('version', 'desc').execute();
}

/** Versions waiting for a reviewer, oldest first. */
export function listProposed(db: Db, limit: number, scope: DistrictScope) {
  return db
    .selectFrom('knowledge_versions as v')
    .innerJoin('knowledge_entries as e', 'e.id', 'v.entry_id')
    .leftJoin('users as u', 'u.id', 'v.proposed_by')
    .select(['v.entry_id', 'v.version', 'v.title', 'v.type', 'v.proposed_at', 'u.display_name as proposed_by_name'])
    .where('v.status', '=', 'proposed')
    .where(editableIn('e.district_code', scope))
    .orderBy('v.proposed_at')
    .limit(limit)
    .execute();
}

export async function setVersionStatus(
  db: Db,
  entryId: number,
  version: number,
  from: string,
  set: Partial<Pick<KnowledgeVersionRow, 'status' | 'proposed_by' | 'proposed_at' | 'decided_by' | 'decided_at' | 'decision_note'>> & {
    checklist?: string;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('knowledge_versions')
    .set(set)
    .where('entry_id', '=', entryId)
    .where('version', '=', version)
    .where('status', '=', from as KnowledgeVersionRow['status'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks these entries' `version` as the published one. */
export async function markPublished(db: Db, entryIds: readonly number[], version: number, at: Date): Promise<void> {
  if (entryIds.length === 0) return;
  await db
    .updateTable('knowledge_entries')
    .set({ status: 'published', published_version: version, updated_at: at, taken_down_reason: null, checked_at: at })
    .where('id', 'in', entryIds)
    .execute();
}

export async function markWithdrawn(db: Db, entryId: number, reason: string, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('knowledge_entries')
    .set({ status: 'withdrawn', published_version: null, updated_at: at, taken_down_reason: reason })
    .where('id', '=', entryId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Published entries whose validity ended before `day` (YYYY-MM-DD, Asia/Shanghai). */
export async function listExpired(db: Db, day: string): Promise<number[]> {
  const rows = await db
    .selectFrom('knowledge_entries as e')
    .innerJoin('knowledge_versions as v', (j) => j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.published_version'))
    .select('e.id')
    .where('e.status', '=', 'published')
    .where('v.valid_until', '<', day)
    .execute();
  return rows.map((r) => r.id);
}

// ——— The inverted index ———

export interface Posting {
  term: string;
  field: number;
  tf: number;
}

/** Removes an entry from the index, lowering the document frequency of each of its terms. */
export async function unindexEntry(db: Db, entryId: number): Promise<void> {
  await sql`UPDATE knowledge_terms t SET df = t.df - 1
    FROM (SELECT DISTINCT term FROM knowledge_postings WHERE entry_id = ${entryId}) p WHERE t.term = p.term`.execute(db);
  await sql`UPDATE knowledge_corpus c SET docs = c.docs - 1, title_sum = c.title_sum - d.title_len,
    questions_sum = c.questions_sum - d.questions_len, answer_sum = c.answer_sum - d.answer_len, body_sum = c.body_sum - d.body_len
    FROM knowledge_doc_lengths d WHERE d.entry_id = ${entryId}`.execute(db);
  await db.deleteFrom('knowledge_postings').where('entry_id', '=', entryId).execute();
  await db.deleteFrom('knowledge_doc_lengths').where('entry_id', '=', entryId).execute();
}

export interface IndexedDocument {
  entryId: number;
  postings: readonly Posting[];
  lengths: { title: number; questions: number; answer: number; body: number; sensitive: boolean };
  /** The entry's district (null: city-wide), carried by each posting so the search filters on the index alone. */
  district: string | null;
}

/** Adds entries (not yet indexed) to the index: their field lengths, postings and each term's document frequency. */
export async function indexEntries(db: Db, docs: readonly IndexedDocument[]): Promise<void> {
  if (docs.length === 0) return;
  await db
    .insertInto('knowledge_doc_lengths')
    .values(
      docs.map(({ entryId, lengths }) => ({
        entry_id: entryId,
        title_len: lengths.title,
        questions_len: lengths.questions,
        answer_len: lengths.answer,
        body_len: lengths.body,
        sensitive: lengths.sensitive,
      })),
    )
    .execute();
  const sum = (f: 'title' | 'questions' | 'answer' | 'body') => docs.reduce((n, d) => n + d.lengths[f], 0);
  await sql`UPDATE knowledge_corpus SET docs = docs + ${docs.length}, title_sum = title_sum + ${sum('title')},
    questions_sum = questions_sum + ${sum('questions')}, answer_sum = answer_sum + ${sum('answer')}, body_sum = body_sum + ${sum('body')}`.execute(
    db,
  );
  // Each posting carries its field's length and the entry's sensitivity, so ranking reads the postings alone.
  const fieldLengths = (l: IndexedDocument['lengths']) => [l.title, l.questions, l.answer, l.body];
  const postings = docs.flatMap((d) =>
    d.postings.map((p) => ({
      term: p.term,
      entry_id: d.entryId,
      field: p.field,
      tf: p.tf,
      len: fieldLengths(d.lengths)[p.field],
      sensitive: d.lengths.sensitive,
      district_code: d.district,
    })),
  );
  for (let i = 0; i < postings.length; i += 1000)
    await db
      .insertInto('knowledge_postings')
      .values(postings.slice(i, i + 1000))
      .execute();
  const df = new Map<string, number>();
  for (const d of docs) for (const term of new Set(d.postings.map((p) => p.term))) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df];
  for (let i = 0; i < terms.length; i += 1000) {
    await db
      .insertInto('knowledge_terms')
      .values(terms.slice(i, i + 1000).map(([term, n]) => ({ term, df: n })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ df: sql`knowledge_terms.df + excluded.df` }))
      .execute();
  }
}

/** Entry count and average field lengths of the index, from the running totals (migration 0065). */
export async function corpusStats(db: Db) {
  const row = await db.selectFrom('knowledge_corpus').selectAll().executeTakeFirst();
  const docs = Number(row?.docs ?? 0);
  const avg = (total: number | string | undefined) => (docs > 0 ? Number(total) / docs : 0);
  return { docs, title: avg(row?.title_sum), questions: avg(row?.questions_sum), answer: avg(row?.answer_sum), body: avg(row?.body_sum) };
}

export function termFrequencies(db: Db, terms: readonly string[]) {
  if (terms.length === 0) return Promise.resolve([]);
  return db.selectFrom('knowledge_terms').select(['term', 'df']).where('term', 'in', terms).where('df', '>', 0).execute();
}

/** A query term as the ranking query takes it. */
export interface RankedTerm {
  term: string;
  /** Synonym weight × idf. */
  weight: number;
  /** The word asked it stands for (coverage counts words, not synonyms). */
  word: string;
  /** Whether its postings pick the candidates (the selective terms); the others only add to the candidates' scores. */
  selective: boolean;
}

export interface RankingParams {
  terms: readonly RankedTerm[];
  /** Per field, in FIELDS order: its weight and average length. */
  fields: ReadonlyArray<{ weight: number; avgLength: number }>;
  k1: number;
  b: number;
  candidates: number;
  limit: number;
  withSensitive: boolean;
  /** A district's search: its entries and the city-wide ones; null: every entry. */
  district: string | null;
}

/**
 * BM25F top-k computed by the database (the formula of termScore in domain/knowledge/bm25.ts): the postings of the
 * selective terms pick the best `candidates` entries, then every query term is scored for those alone, looked up
 * by (term, entry) in the postings' key, so a very common term's postings are never read in full. Returns each
 * entry's score and how many distinct asked words it matched, best first.
 */
export async function rankEntries(db: Db, p: RankingParams): Promise<Array<{ entry_id: number; score: number; covered: number }>> {
  if (p.terms.length === 0) return [];
  const q = sql.join(p.terms.map((t) => sql`(${t.term}::text, ${t.weight}::float8, ${t.word}::text, ${t.selective}::boolean)`));
  const norm = sql`CASE p.field ${sql.join(
    p.fields.map(
      (f, i) =>
        sql`WHEN ${sql.lit(i)} THEN ${f.weight}::float8 * p.tf / (${1 - p.b}::float8 + ${p.b}::float8 * p.len / ${f.avgLength || 1}::float8)`,
    ),
    sql` `,
  )} ELSE 0 END`;
  const sensitive = p.withSensitive ? sql`` : sql`AND NOT p.sensitive`;
  // Read from the postings' key like the sensitivity (migration 0074): no table lookup, no scan.
  const district = p.district === null ? sql`` : sql`AND (p.district_code IS NULL OR p.district_code = ${p.district})`;
  // Both passes read the postings' key alone (term, entry, field → tf, len, sensitive). The second pass looks up each
  // (candidate, term) pair; the fence (OFFSET 0) keeps the planner from scanning every posting of the common terms.
  const { rows } = await sql<{ entry_id: number; score: number; covered: number }>`
    WITH q(term, weight, word, selective) AS (VALUES ${q}),
    first_pass AS (
      SELECT p.entry_id, p.term, sum(${norm}) AS w
      FROM q JOIN knowledge_postings p ON p.term = q.term ${sensitive} ${district}
      WHERE q.selective
      GROUP BY p.entry_id, p.term
    ),
    best AS (
      SELECT f.entry_id FROM first_pass f JOIN q ON q.term = f.term
      GROUP BY f.entry_id
      ORDER BY sum(q.weight * f.w / (${p.k1}::float8 + f.w)) DESC, f.entry_id
      LIMIT ${p.candidates}
    ),
    pairs AS (SELECT b.entry_id, q.term, q.word, q.weight FROM best b CROSS JOIN q OFFSET 0),
    per_term AS (
      SELECT pairs.entry_id, pairs.word, pairs.weight, sum(${norm}) AS w
      FROM pairs JOIN knowledge_postings p ON p.term = pairs.term AND p.entry_id = pairs.entry_id
      GROUP BY pairs.entry_id, pairs.term, pairs.word, pairs.weight
    )
    SELECT entry_id, sum(weight * w / (${p.k1}::float8 + w))::float8 AS score, count(DISTINCT word)::int AS covered
    FROM per_term GROUP BY entry_id
    ORDER BY score DESC, entry_id
    LIMIT ${p.limit}`.execute(db);
  return rows.map((r) => ({ entry_id: r.entry_id, score: Number(r.score), covered: Number(r.covered) }));
}

/** The published versions of these entries, with their department's name. */
export function publishedVersions(db: Db, entryIds: readonly number[]) {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('knowledge_entries as e')
    .innerJoin('knowledge_versions as v', (j) => j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.published_version'))
    .leftJoin('knowledge_departments as d', 'd.id', 'v.department_id')
    .selectAll('v')
    .select(['d.name as department_name', 'e.synthetic'])
    .where('e.id', 'in', entryIds)
    .where('e.status', '=', 'published')
    .execute();
}

// ——— Near-duplicates ———

export interface StoredSignature {
  entryId: number;
  signature: readonly number[];
  bands: readonly string[];
}

/** Stores (or replaces) the MinHash signatures and LSH band keys of these entries. */
export async function replaceSignatures(db: Db, items: readonly StoredSignature[]): Promise<void> {
  if (items.length === 0) return;
  await db
    .deleteFrom('knowledge_bands')
    .where(
      'entry_id',
      'in',
      items.map((i) => i.entryId),
    )
    .execute();
  await db
    .insertInto('knowledge_signatures')
    .values(items.map((i) => ({ entry_id: i.entryId, signature: JSON.stringify(i.signature) })))
    .onConflict((oc) => oc.column('entry_id').doUpdateSet({ signature: sql`excluded.signature` }))
    .execute();
  const bands = items.flatMap((i) => i.bands.map((band_key) => ({ band_key, entry_id: i.entryId })));
  for (let i = 0; i < bands.length; i += 5000)
    await db
      .insertInto('knowledge_bands')
      .values(bands.slice(i, i + 5000))
      .onConflict((oc) => oc.doNothing())
      .execute();
}

export async function deleteSignature(db: Db, entryId: number): Promise<void> {
  await db.deleteFrom('knowledge_bands').where('entry_id', '=', entryId).execute();
  await db.deleteFrom('knowledge_signatures').where('entry_id', '=', entryId).execute();
}

/** Withdraws an entry of any status because it was merged into another; false if it was already withdrawn. */
export async function markMerged(db: Db, entryId: number, into: number, at: Date): Promise<boolean> {
  const r = await db
    .updateTable('knowledge_entries')
    .set({ status: 'withdrawn', published_version: null, updated_at: at, taken_down_reason: 'merged', merged_into: into })
    .where('id', '=', entryId)
    .where('status', '!=', 'withdrawn')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The entries filed under any of these LSH band keys: one bound array, however many keys (a whole import's). */
export async function bandMembers(db: Db, bands: readonly string[]): Promise<Array<{ band_key: string; entry_id: number }>> {
  if (bands.length === 0) return [];
  const { rows } = await sql<{ band_key: string; entry_id: number }>`
    SELECT band_key, entry_id FROM knowledge_bands WHERE band_key = ANY(${[...new Set(bands)]}::text[])`.execute(db);
  return rows;
}

/** The signatures and latest titles of these entries, withdrawn ones left out. */
export function signaturesOf(db: Db, entryIds: readonly number[]) {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('knowledge_signatures as s')
    .innerJoin('knowledge_entries as e', 'e.id', 's.entry_id')
    .innerJoin('knowledge_versions as v', (j) => j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.latest_version'))
    .select(['s.entry_id', 's.signature', 'v.title'])
    .where('e.status', '!=', 'withdrawn')
    .where(sql<boolean>`s.entry_id = ANY(${[...entryIds]}::int[])`)
    .execute();
}

/** Department ids by name or code (an import names departments as people write them). */
export async function departmentsByNameOrCode(db: Db, names: readonly string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('knowledge_departments')
    .select(['id', 'code', 'name'])
    .where((eb) => eb.or([eb('name', 'in', names), eb('code', 'in', names)]))
    .execute();
  return new Map(rows.flatMap((r) => [[r.code, r.id] as [string, number], [r.name, r.id] as [string, number]]));
}

// ——— Words ———

export async function synonymPairs(db: Db): Promise<Array<{ term: string; variant: string }>> {
  return db.selectFrom('knowledge_synonyms').select(['term', 'variant']).execute();
}

export async function sensitiveWords(db: Db): Promise<string[]> {
  return (await db.selectFrom('knowledge_sensitive_words').select('word').execute()).map((r) => r.word);
}

// ——— Feedback and unanswered questions ———

export async function insertFeedback(
  db: Db,
  row: { entryId: number; question: string; helpful: boolean; userId: number | null; at: Date },
) {
  await db
    .insertInto('knowledge_feedback')
    .values({ entry_id: row.entryId, question: row.question, helpful: row.helpful, user_id: row.userId, at: row.at })
    .execute();
}

export async function logUnanswered(db: Db, question: string, at: Date): Promise<void> {
  await db
    .insertInto('knowledge_unanswered')
    .values({ question, first_at: at, last_at: at, answered_by: null, closed_at: null })
    .onConflict((oc) =>
      oc.column('question').doUpdateSet({ asked: sql`knowledge_unanswered.asked + 1`, last_at: at, status: 'open', closed_at: null }),
    )
    .execute();
}

export function listUnanswered(db: Db, status: 'open' | 'closed', limit: number) {
  return db
    .selectFrom('knowledge_unanswered')
    .selectAll()
    .where('status', '=', status)
    .orderBy('asked', 'desc')
    .orderBy('last_at', 'desc')
    .limit(limit)
    .execute();
}

export async function closeUnanswered(db: Db, id: number, entryId: number, at: Date): Promise<void> {
  await db
    .updateTable('knowledge_unanswered')
    .set({ status: 'closed', answered_by: entryId, closed_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

export async function feedbackCounts(db: Db) {
  return db
    .selectFrom('knowledge_feedback')
    .select([
      sql<number>`count(*) FILTER (WHERE helpful)::int`.as('helpful'),
      sql<number>`count(*) FILTER (WHERE NOT helpful)::int`.as('unhelpful'),
    ])
    .executeTakeFirstOrThrow();
}

/** Entries first published in [from, to) and still published: a workload the service settlement counts (issue 17). */
export function firstPublishedIn(db: Db, from: Date, to: Date, scope: DistrictScope) {
  return db
    .selectFrom('knowledge_entries as e')
    .innerJoin('knowledge_versions as v', (j) => j.onRef('v.entry_id', '=', 'e.id').onRef('v.version', '=', 'e.published_version'))
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('knowledge_versions')
          .select(['entry_id', (x) => x.fn.min('decided_at').as('first_at')])
          .where('status', '=', 'approved')
          .groupBy('entry_id')
          .as('f'),
      (j) => j.onRef('f.entry_id', '=', 'e.id'),
    )
    .select(['e.id', 'v.title', 'f.first_at'])
    .where('e.status', '=', 'published')
    .where('f.first_at', '>=', from)
    .where('f.first_at', '<', to)
    .where(districtInScope('e.district_code', scope))
    .orderBy('e.id')
    .execute();
}

// ——— 12345 replies (采集) ———

/** Closed 12345 tickets with a reply that no entry was made from yet, newest first. */
export function ticketsWithReply(db: Db, limit: number) {
  return db
    .selectFrom('hotline_tickets as t')
    .leftJoin('order_categories as c', 'c.code', 't.category_code')
    .select(['t.code', 't.received_at', 't.category_code', 'c.name_zh as category_name', 't.sub_district_code', 't.description', 't.reply'])
    .where('t.reply', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('knowledge_versions as v')
            .select('v.entry_id')
            .where('v.source_kind', '=', 'hotline')
            .whereRef('v.source_ref', '=', 't.code'),
        ),
      ),
    )
    .orderBy('t.received_at', 'desc')
    .limit(limit)
    .execute();
}

export function ticketByCode(db: Db, code: string) {
  return db
    .selectFrom('hotline_tickets')
    .select(['code', 'category_code', 'sub_district_code', 'description', 'reply'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function entryFromTicket(db: Db, code: string): Promise<number | null> {
  const r = await db
    .selectFrom('knowledge_versions')
    .select('entry_id')
    .where('source_kind', '=', 'hotline')
    .where('source_ref', '=', code)
    .executeTakeFirst();
  return r?.entry_id ?? null;
}
