/**
 * From a cleansed file and the steward's choices to the writes: which rows become new facilities, which update or
 * retire stored ones, which merge into a duplicate, and which are skipped. Pure; the repository writes the plan in
 * one transaction. Modes, as every import in the product: 'all' writes everything or, while any row has a problem,
 * nothing; 'valid' writes the rows without problems and skips the others. Never half a row: a row is written whole
 * or not at all.
 */
import type { Geometry } from 'geojson';
import type { GeocodeQuality } from '@/db/schema';
import type { CleanRow, Duplicate, ExistingFacility, FixCode, ProblemCode, SourceFacility } from './cleanse';

export type DuplicateDecision = 'merge' | 'new' | 'skip';
export type WriteMode = 'all' | 'valid';

export interface FacilityValues {
  kind: string;
  name: string;
  status: string;
  address: string | null;
  subDistrictCode: string;
  attrs: Record<string, unknown>;
  geometry: Geometry;
  geocodeQuality: GeocodeQuality | null;
  sourceId: string | null;
}

export type Operation =
  | { type: 'insert'; rows: number[]; values: FacilityValues }
  /** `merge`: into a facility found as a duplicate (its attributes kept and added to; its source id adopted if it has none). */
  | { type: 'update'; rows: number[]; id: number; version: number; values: FacilityValues; merge: boolean }
  | { type: 'retire'; rows: number[]; id: number; version: number; sourceId: string | null };

export interface PlanOptions {
  mode: WriteMode;
  /** By row number; rows not named take `defaultDecision`. */
  decisions: ReadonlyMap<number, DuplicateDecision>;
  defaultDecision: DuplicateDecision;
  /** The file is the source's whole layer: its stored facilities missing from the file are retired. */
  retireMissing: boolean;
}

export interface WritePlan {
  operations: Operation[];
  /** 'all' with problems: nothing is written. */
  blocked: boolean;
  counts: { inserted: number; updated: number; merged: number; retired: number; unchanged: number; skipped: number };
}

const valuesOf = (row: CleanRow): FacilityValues => ({
  kind: row.kind,
  name: row.name,
  status: row.status,
  address: row.address || null,
  subDistrictCode: row.subDistrictCode,
  attrs: row.attrs,
  geometry: row.geometry!,
  geocodeQuality: row.geocodeQuality,
  sourceId: row.sourceId || null,
});

/** Source ids of rows merged into a facility, kept in its attributes (MERGED_IDS_ATTR). */
export const MERGED_IDS_ATTR = 'merged_source_ids';

function addAlias(values: FacilityValues, sourceId: string) {
  const list = Array.isArray(values.attrs[MERGED_IDS_ATTR]) ? (values.attrs[MERGED_IDS_ATTR] as string[]) : [];
  if (!list.includes(sourceId)) values.attrs = { ...values.attrs, [MERGED_IDS_ATTR]: [...list, sourceId] };
}

export function decisionFor(row: CleanRow, options: Pick<PlanOptions, 'decisions' | 'defaultDecision'>): DuplicateDecision | null {
  if (!row.duplicate) return null;
  const decision = options.decisions.get(row.row) ?? options.defaultDecision;
  // A source id can be stored once: the second row with it merges or is skipped, never a second facility.
  return row.duplicate.reason === 'sameSourceId' && decision === 'new' ? 'skip' : decision;
}

export function planWrites(
  rows: readonly CleanRow[],
  context: { existing: readonly ExistingFacility[]; bySourceId: ReadonlyMap<string, SourceFacility> },
  options: PlanOptions,
): WritePlan {
  const counts = { inserted: 0, updated: 0, merged: 0, retired: 0, unchanged: 0, skipped: 0 };
  const withProblems = rows.filter((r) => r.problems.length > 0).length;
  if (options.mode === 'all' && withProblems > 0) return { operations: [], blocked: true, counts: { ...counts, skipped: rows.length } };

  const operations: Operation[] = [];
  const opOfRow = new Map<number, Operation>();
  const opOfFacility = new Map<number, Operation>();
  const versionOf = new Map(context.existing.map((f) => [f.id, f.version]));
  const sourceIdOf = new Map(context.existing.map((f) => [f.id, f.sourceId]));

  const mergeInto = (op: Operation, row: CleanRow) => {
    if (op.type === 'retire') return;
    // The first copy keeps what it has; the merged row fills its gaps, and its source id is kept as an alias so the
    // next import of the same file finds it (and changes nothing) instead of merging it again.
    op.values.address ??= row.address || null;
    op.values.attrs = { ...row.attrs, ...op.values.attrs };
    if (row.sourceId && op.values.sourceId && row.sourceId !== op.values.sourceId) addAlias(op.values, row.sourceId);
    op.values.sourceId ??= row.sourceId || null;
    op.rows.push(row.row);
  };

  for (const row of rows) {
    if (row.problems.length) {
      counts.skipped++;
      continue;
    }
    const decision = decisionFor(row, options);
    if (decision === 'skip') {
      counts.skipped++;
      continue;
    }
    if (decision === 'merge') {
      const duplicate = row.duplicate as Duplicate;
      const into =
        duplicate.row !== null
          ? opOfRow.get(duplicate.row)
          : duplicate.existingId !== null
            ? opOfFacility.get(duplicate.existingId)
            : undefined;
      if (into) {
        mergeInto(into, row);
        opOfRow.set(row.row, into);
        counts.merged++;
        continue;
      }
      if (duplicate.existingId !== null) {
        const op: Operation = {
          type: 'update',
          rows: [row.row],
          id: duplicate.existingId,
          version: versionOf.get(duplicate.existingId) ?? 1,
          values: valuesOf(row),
          merge: true,
        };
        // A facility that has a source id keeps it; this row's id becomes its alias.
        if (row.sourceId && sourceIdOf.get(duplicate.existingId)) {
          addAlias(op.values, row.sourceId);
          op.values.sourceId = null;
        }
        operations.push(op);
        opOfRow.set(row.row, op);
        opOfFacility.set(duplicate.existingId, op);
        counts.merged++;
        continue;
      }
      // The row it duplicates is not written (it had problems): this one stands for both.
    }
    if (row.action === 'unchanged') {
      counts.unchanged++;
      continue;
    }
    if (row.action === 'retire' && row.target) {
      operations.push({ type: 'retire', rows: [row.row], id: row.target.id, version: row.target.version, sourceId: row.sourceId });
      counts.retired++;
      continue;
    }
    if (row.action === 'update' && row.target) {
      const op: Operation = {
        type: 'update',
        rows: [row.row],
        id: row.target.id,
        version: row.target.version,
        values: valuesOf(row),
        merge: false,
      };
      operations.push(op);
      opOfRow.set(row.row, op);
      opOfFacility.set(row.target.id, op);
      counts.updated++;
      continue;
    }
    const op: Operation = { type: 'insert', rows: [row.row], values: valuesOf(row) };
    operations.push(op);
    opOfRow.set(row.row, op);
    counts.inserted++;
  }

  if (options.retireMissing) {
    const inFile = new Set(rows.map((r) => r.sourceId).filter(Boolean));
    for (const [sourceId, stored] of context.bySourceId)
      if (!stored.retired && !inFile.has(sourceId)) {
        operations.push({ type: 'retire', rows: [], id: stored.id, version: stored.version, sourceId });
        counts.retired++;
      }
  }
  return { operations, blocked: false, counts };
}

export interface ReportItem {
  row: number;
  sourceId: string;
  name: string;
  kind: string;
  action: CleanRow['action'];
  problems: CleanRow['problems'];
  fixes: CleanRow['fixes'];
  duplicate: Duplicate | null;
  decision: DuplicateDecision | null;
}

/** Rows listed in a report at most: every problem and duplicate first, then fixed rows as examples. */
export const REPORT_ITEMS = 500;

export function summarise(rows: readonly CleanRow[], options: Pick<PlanOptions, 'decisions' | 'defaultDecision'>) {
  const problemsByCode: Partial<Record<ProblemCode, number>> = {};
  const fixesByCode: Partial<Record<FixCode, number>> = {};
  const actions = { insert: 0, update: 0, retire: 0, unchanged: 0 };
  let problemRows = 0;
  let duplicates = 0;
  for (const row of rows) {
    if (row.problems.length) problemRows++;
    if (row.duplicate) duplicates++;
    if (!row.problems.length) actions[row.action]++;
    for (const p of row.problems) problemsByCode[p.code] = (problemsByCode[p.code] ?? 0) + 1;
    for (const f of row.fixes) fixesByCode[f.code] = (fixesByCode[f.code] ?? 0) + 1;
  }
  const item = (r: CleanRow): ReportItem => ({
    row: r.row,
    sourceId: r.sourceId,
    name: r.name,
    kind: r.kind,
    action: r.action,
    problems: r.problems,
    fixes: r.fixes,
    duplicate: r.duplicate,
    decision: decisionFor(r, options),
  });
  const flagged = rows.filter((r) => r.problems.length || r.duplicate);
  const fixedOnly = rows.filter((r) => !r.problems.length && !r.duplicate && r.fixes.length);
  const items = [...flagged, ...fixedOnly].slice(0, REPORT_ITEMS).map(item);
  return {
    rows: rows.length,
    cleanRows: rows.length - problemRows,
    problemRows,
    duplicates,
    actions,
    problemsByCode,
    fixesByCode,
    items,
    itemsTotal: flagged.length + fixedOnly.length,
  };
}
