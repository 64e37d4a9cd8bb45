/** The facility-import tables (migration 0045); Database in schema.ts includes them. */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type ImportChannel = 'file' | 'push';
export type ImportCrs = 'wgs84' | 'gcj02' | 'bd09';
export type FacilityHistoryAction = 'insert' | 'update' | 'merge' | 'retire' | 'restore' | 'edit' | 'undo';

export interface FacilityImportBatchTable {
  id: Generated<number>;
  channel: ImportChannel;
  source: string;
  file_name: string | null;
  format: string | null;
  crs: ImportCrs;
  mode: 'all' | 'valid';
  rows: number;
  inserted: Generated<number>;
  updated: Generated<number>;
  retired: Generated<number>;
  merged: Generated<number>;
  skipped: Generated<number>;
  report: Json<Record<string, unknown>>;
  actor_user_id: number | null;
  actor_name: string;
  client_id: number | null;
  created_at: Timestamp;
  undone_at: Date | null;
  undone_by: string | null;
  undo_reason: string | null;
  /** The importing person's or client's district; NULL: the city level (migration 0074). */
  district_code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface FacilityHistoryTable {
  id: Generated<string>;
  facility_id: number;
  batch_id: number | null;
  action: FacilityHistoryAction;
  source: string | null;
  actor_user_id: number | null;
  actor_name: string;
  at: Timestamp;
  before: Json<Record<string, unknown> | null>;
  after: Json<Record<string, unknown> | null>;
  version_after: number;
  note: string | null;
}

export interface FacilityImportTables {
  facility_import_batches: FacilityImportBatchTable;
  facility_history: FacilityHistoryTable;
}

export type FacilityImportBatchRow = Selectable<FacilityImportBatchTable>;
export type FacilityHistoryRow = Selectable<FacilityHistoryTable>;
