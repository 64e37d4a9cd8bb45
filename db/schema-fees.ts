/** The 清费云 tables (migration 0012); Database in schema.ts includes them. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ContractStatus, DeclarationStatus, PayerKind, PayerStatus, TariffUnit, WasteType } from '@/domain/fees/fee-values';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** bigint columns come back as strings from node-postgres; read them with Number(). */
type BigMoney = ColumnType<string | number, number, number>;

export interface FeePayerTable {
  id: Generated<number>;
  name: string;
  credit_code: string;
  kind: PayerKind;
  address: string;
  sub_district_code: string | null;
  contact_name: string;
  contact_phone: string;
  facility_id: number | null;
  user_id: number | null;
  status: PayerStatus;
  synthetic: Generated<boolean>;
  geom: string | null;
  /** The gazetteer address it was geocoded from (migration 0019). */
  address_id: Generated<number | null>;
  version: Generated<number>;
  created_at: CreatedAt;
}

export interface FeeCollectionPointTable {
  id: Generated<number>;
  payer_id: number;
  name: string;
  geom: string;
}

export interface FeeDeclarationTable {
  id: Generated<number>;
  payer_id: number;
  month: string;
  waste_type: WasteType;
  quantity: number;
  status: DeclarationStatus;
  return_reason: string | null;
  reviewed_by: number | null;
  approved_by: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FeeContractTable {
  id: Generated<number>;
  code: string;
  payer_id: number;
  declaration_id: number;
  waste_type: WasteType;
  unit: TariffUnit;
  start_month: string;
  end_month: string;
  monthly_quantity: number;
  unit_price_fen: number;
  monthly_amount_fen: BigMoney;
  tariff_version: number;
  status: ContractStatus;
  renewed_from: number | null;
  /** The collection company that collects under it (migration 0019). */
  company_id: Generated<number | null>;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
}

export interface FeeContractEventTable {
  id: Generated<string>;
  contract_id: number;
  at: Timestamp;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_user_id: number | null;
  actor_name: string;
  note: string | null;
}

export interface FeeClearanceVolumeTable {
  id: Generated<number>;
  contract_id: number;
  month: string;
  quantity: number;
  reported_by: number | null;
  import_batch: string;
  order_id: Generated<number | null>;
  created_at: Timestamp;
}

export interface FeeOverageTable {
  id: Generated<number>;
  contract_id: number;
  month: string;
  contracted: number;
  actual: number;
  excess: number;
  excess_amount_fen: BigMoney;
  threshold_percent: number;
  tariff_version: number;
  created_at: Timestamp;
}

export type CompanyStatus = 'pending' | 'verified' | 'suspended';

export interface FeeCompanyTable {
  id: Generated<number>;
  name: string;
  credit_code: string;
  contact_name: string;
  contact_phone: string;
  depot_facility_id: number | null;
  user_id: number | null;
  status: CompanyStatus;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
}

export interface FeeCompanyVehicleTable {
  unit_id: number;
  company_id: number;
}

export type ClearanceOrderStatus = 'issued' | 'accepted' | 'reported';

export interface FeeClearanceOrderTable {
  id: Generated<number>;
  code: string;
  contract_id: number;
  company_id: number;
  month: string;
  status: ClearanceOrderStatus;
  issued_by: number | null;
  issued_at: Timestamp;
  accepted_by: Generated<number | null>;
  accepted_at: Generated<Date | null>;
  reported_at: Generated<Date | null>;
  synthetic: Generated<boolean>;
  version: Generated<number>;
}

export interface PhoneCodeTable {
  id: Generated<number>;
  phone: string;
  code_sha256: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
  used_at: Generated<Date | null>;
  created_at: Timestamp;
}

export interface SmsMessageTable {
  id: Generated<number>;
  phone: string;
  body: string;
  gateway: string;
  sent_at: Timestamp;
}

export type BillKind = 'contract' | 'overage';
export type BillStatus = 'open' | 'paid' | 'refunded';

export interface FeeBillTable {
  id: Generated<number>;
  code: string;
  contract_id: number;
  payer_id: number;
  month: string;
  kind: BillKind;
  amount_fen: BigMoney;
  /** yyyy-mm-dd (a date column, read as text). */
  due_date: ColumnType<string, string, string>;
  status: BillStatus;
  paid_at: Generated<Date | null>;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
}

export interface FeePaymentTable {
  id: Generated<number>;
  bill_id: number;
  merchant_ref: string;
  amount_fen: BigMoney;
  status: 'pending' | 'succeeded' | 'failed';
  bank_txn: Generated<string | null>;
  voucher: Generated<Record<string, unknown> | null>;
  failure: Generated<string | null>;
  created_by: number | null;
  created_at: Timestamp;
  completed_at: Generated<Date | null>;
}

export interface FeeMoneyLedgerTable {
  id: Generated<string>;
  at: Timestamp;
  bill_id: number;
  payment_id: number | null;
  /** billed and received add; refunded (money back), written_down (a refunded bill's amount) and reversed (a
   *  reversed write-off that had settled its bill) subtract. */
  entry: 'billed' | 'received' | 'refunded' | 'written_down' | 'reversed';
  amount_fen: BigMoney;
  actor_name: string;
  note: string | null;
  write_off_id: Generated<number | null>;
}

export type RefundStatus = 'proposed' | 'approved' | 'rejected' | 'refunded';
export interface FeeRefundTable {
  id: Generated<number>;
  code: string;
  bill_id: number;
  payment_id: number;
  amount_fen: BigMoney;
  reason: string;
  status: RefundStatus;
  proposed_by: number | null;
  proposed_at: Timestamp;
  decided_by: Generated<number | null>;
  decided_at: Generated<Date | null>;
  decision_note: Generated<string | null>;
  bank_refund_txn: Generated<string | null>;
  completed_at: Generated<Date | null>;
  version: Generated<number>;
}

export interface FeeInvoiceTable {
  id: Generated<number>;
  request_no: string;
  bill_id: number;
  kind: 'blue' | 'red';
  original_id: number | null;
  amount_fen: BigMoney;
  buyer_name: string;
  buyer_tax_id: string;
  item_name: string;
  status: 'requested' | 'issued' | 'failed';
  number: Generated<string | null>;
  pdf: Generated<Buffer | null>;
  xml: Generated<string | null>;
  failure: Generated<string | null>;
  simulated: Generated<boolean>;
  synthetic: Generated<boolean>;
  requested_at: Timestamp;
  issued_at: Generated<Date | null>;
}

export interface FeeStatementImportTable {
  id: Generated<number>;
  file_name: string;
  line_count: number;
  new_lines: number;
  written_off: number;
  imported_by: number | null;
  imported_at: Timestamp;
  synthetic: Generated<boolean>;
  /** The district whose fee office imported it (migration 0073); null: imported city-wide while several exist. */
  district_code: Generated<string | null>;
}

export type StatementLineStatus = 'written_off' | 'unmatched' | 'set_aside';
export type StatementProblem =
  'partial' | 'several_bills' | 'no_reference' | 'unknown_reference' | 'unknown_payer' | 'amount' | 'already_written_off' | 'reversed';
export interface FeeStatementLineTable {
  id: Generated<number>;
  import_id: number;
  row_no: number;
  /** yyyy-mm-dd (a date column, read as text). */
  txn_date: ColumnType<string, string, string>;
  amount_fen: BigMoney;
  counterparty_name: string;
  counterparty_account: string;
  memo: string;
  fingerprint: string;
  bill_codes: ColumnType<string[], string[], string[]>;
  status: StatementLineStatus;
  problem: StatementProblem | null;
  note: Generated<string | null>;
  decided_by: Generated<number | null>;
  decided_at: Generated<Date | null>;
  synthetic: Generated<boolean>;
  version: Generated<number>;
}

export interface FeeWriteOffTable {
  id: Generated<number>;
  line_id: number;
  bill_id: number;
  payment_id: number | null;
  amount_fen: BigMoney;
  method: 'auto' | 'manual';
  settled_bill: boolean;
  created_by: number | null;
  created_at: Timestamp;
  reversed_at: Generated<Date | null>;
  reversed_by: Generated<number | null>;
  reverse_reason: Generated<string | null>;
}

export interface FeeBankGatewayTable {
  id: number;
  merchant_id: string;
  notify_secret: string;
  simulated: boolean;
}

export interface FeeTables {
  fee_bank_gateway: FeeBankGatewayTable;
  fee_refunds: FeeRefundTable;
  fee_invoices: FeeInvoiceTable;
  fee_statement_imports: FeeStatementImportTable;
  fee_statement_lines: FeeStatementLineTable;
  fee_write_offs: FeeWriteOffTable;
  fee_bills: FeeBillTable;
  fee_payments: FeePaymentTable;
  fee_money_ledger: FeeMoneyLedgerTable;
  fee_companies: FeeCompanyTable;
  fee_company_vehicles: FeeCompanyVehicleTable;
  fee_clearance_orders: FeeClearanceOrderTable;
  phone_codes: PhoneCodeTable;
  sms_messages: SmsMessageTable;
  fee_clearance_volumes: FeeClearanceVolumeTable;
  fee_overages: FeeOverageTable;
  fee_payers: FeePayerTable;
  fee_collection_points: FeeCollectionPointTable;
  fee_declarations: FeeDeclarationTable;
  fee_contracts: FeeContractTable;
  fee_contract_events: FeeContractEventTable;
}

export type FeePayerRow = Selectable<FeePayerTable>;
export type FeeDeclarationRow = Selectable<FeeDeclarationTable>;
export type FeeContractRow = Selectable<FeeContractTable>;
export type FeeCompanyRow = Selectable<FeeCompanyTable>;
export type FeeClearanceOrderRow = Selectable<FeeClearanceOrderTable>;
export type FeeBillRow = Selectable<FeeBillTable>;
export type FeePaymentRow = Selectable<FeePaymentTable>;
