/** Tables of migration 0040 beyond new enumerated values: the calls counted per outside client. */
import type { ColumnType } from 'kysely';

/** One row per client, interface and Asia/Shanghai day; `calls` is counted up in place. */
export interface OutsideClientCallTable {
  client_id: number;
  /** The interface called, e.g. 'ogc-features', 'open311', 'knowledge-terminal'. */
  interface: string;
  /** yyyy-mm-dd (a date column, read as text). */
  day: ColumnType<string, string, string>;
  calls: ColumnType<number, number | undefined, number>;
  last_at: ColumnType<Date, Date, Date>;
}

export interface GreeningTables {
  outside_client_calls: OutsideClientCallTable;
}
