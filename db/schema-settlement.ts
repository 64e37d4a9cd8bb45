/** The 服务结算 tables (migration 0050); Database in schema.ts includes them. */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint columns: the drivers return strings (node-postgres) or numbers; read with BigInt(), write as decimal text. */
type Int8 = ColumnType<string | number | bigint, string, string>;
type NullableInt8 = ColumnType<string | number | bigint | null, string | null | undefined, string | null>;
type Jsonb<T> = ColumnType<T, string, string>;

export type SettlementReportKind = 'monthly' | 'stage6' | 'stage9' | 'yearly';

export interface SettlementCalendarYearTable {
  year: number;
  holidays: Jsonb<string[]>;
  workdays: Jsonb<string[]>;
  note: string;
  entered_by: string;
  entered_at: Timestamp;
  version: Generated<number>;
}

export interface SettlementContractTable {
  id: Generated<number>;
  code: string;
  name: string;
  buyer_name: string;
  supplier_name: string;
  supplier_user_id: number | null;
  start_month: string;
  awarded_total_fen: Int8;
  budget_fen: Int8;
  price_limit_fen: NullableInt8;
  source: string;
  synthetic: Generated<boolean>;
  created_at: Timestamp;
  /** The district whose people see and settle the contract; NULL: a one-district install's (migration 0074). */
  district_code: ColumnType<string | null, string | null | undefined, string | null>;
}
export type SettlementContractRow = Selectable<SettlementContractTable>;

export interface SettlementLineTable {
  id: Generated<number>;
  contract_id: number;
  line_no: number;
  item_no: number;
  item_group: string;
  item_name: string;
  unit: string;
  channel: string;
  ceiling_price_hao: NullableInt8;
  awarded_price_hao: NullableInt8;
  price_source: 'bid' | 'third_party' | null;
  priced_by: string | null;
  priced_at: NullableTimestamp;
  price_note: string | null;
  estimated_quantity: Int8;
  derived_from: 'orders' | 'knowledge_published' | 'voice_calls' | null;
  derived_categories: ColumnType<string[], string | undefined, string>;
  version: Generated<number>;
}
export type SettlementLineRow = Selectable<SettlementLineTable>;

export interface SettlementQuantityTable {
  line_id: number;
  month: string;
  claimed: ColumnType<string | number | bigint, string | undefined, string>;
  claimed_records: Generated<number>;
  derived: NullableInt8;
  derived_records: Generated<number>;
  derived_at: NullableTimestamp;
  accepted: NullableInt8;
  decision: 'derived' | 'claimed' | 'set' | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  decision_note: string | null;
  version: Generated<number>;
}

export interface SettlementEvidenceTable {
  id: Generated<string>;
  line_id: number;
  month: string;
  source: 'claim' | 'derived';
  quantity: Int8;
  ref: string;
  note: string | null;
  created_by: string;
  created_at: Timestamp;
  superseded: Generated<boolean>;
}

export interface SettlementReportTable {
  id: Generated<number>;
  contract_id: number;
  kind: SettlementReportKind;
  period: string;
  due_on: string;
  submitted_on: string;
  submitted_at: Timestamp;
  channel: 'online' | 'offline';
  receipt_ref: string | null;
  summary: string;
  submitted_by: string;
  working_days_late: number;
  late: boolean;
  status: 'submitted' | 'returned' | 'accepted';
  revision_due_on: string | null;
  revised_on: string | null;
  revision_late: Generated<boolean>;
  review_note: string | null;
  reviewed_by: string | null;
  version: Generated<number>;
}
export type SettlementReportRow = Selectable<SettlementReportTable>;

export interface SettlementObjectionTable {
  id: Generated<number>;
  contract_id: number;
  line_id: number | null;
  month: string | null;
  report_id: number | null;
  text: string;
  raised_by: string;
  raised_at: Timestamp;
  status: 'open' | 'upheld' | 'dismissed';
  answer: string | null;
  answered_by: string | null;
  answered_at: NullableTimestamp;
}

export interface SettlementStatementTable {
  id: Generated<number>;
  contract_id: number;
  kind: SettlementReportKind;
  period: string;
  status: 'reviewed' | 'approved';
  figures: Jsonb<unknown>;
  settled_fen: Int8;
  reviewed_by: string;
  reviewed_at: Timestamp;
  approved_by: string | null;
  approved_at: NullableTimestamp;
  version: Generated<number>;
}

export interface SettlementEvaluationTable {
  id: Generated<number>;
  contract_id: number;
  round: number;
  scores: Jsonb<Array<{ item: number; scoreTenths: number; evidence: string }>>;
  total_tenths: number;
  grade: 'excellent' | 'good' | 'fair' | 'pass' | 'fail';
  evaluated_on: string;
  rectify_due_on: string | null;
  note: string;
  evaluated_by: string;
  evaluated_at: Timestamp;
}

export interface SettlementPaymentTable {
  id: Generated<number>;
  contract_id: number;
  no: number;
  amount_fen: Int8;
  computation: Jsonb<Record<string, string | boolean | null>>;
  invoice_no: string;
  invoice_received_on: string;
  approved_by: string;
  approved_at: Timestamp;
}

export interface SettlementTables {
  settlement_calendar_years: SettlementCalendarYearTable;
  settlement_contracts: SettlementContractTable;
  settlement_lines: SettlementLineTable;
  settlement_quantities: SettlementQuantityTable;
  settlement_evidence: SettlementEvidenceTable;
  settlement_reports: SettlementReportTable;
  settlement_objections: SettlementObjectionTable;
  settlement_statements: SettlementStatementTable;
  settlement_evaluations: SettlementEvaluationTable;
  settlement_payments: SettlementPaymentTable;
}
