/**
 * 服务结算 (issue 17): service contracts with their catalogue lines (ceiling and awarded unit prices in 毫, 0.0001 元),
 * the monthly workload ledger (a rollup per line and month over append-only evidence records, claimed by the
 * supplier or derived from OneMap's own records), the reports and their deadlines, objections with their answers,
 * statements (frozen once approved), performance evaluations, the four payments, the administrators' working-day
 * calendar years, and the versioned grade adjustment table (four-eyes, frozen once written). Also the roles
 * 采购单位 (settlement_buyer), 第三方支撑单位 (settlement_reviewer) and 供应商 (settlement_supplier).
 * The role list is extended from whatever the constraint holds when this runs, so other features' migrations that
 * extend it (in any order) are kept. Money is integer 分 (bigint).
 * Frozen in time: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const NEW_ROLES = ['settlement_buyer', 'settlement_reviewer', 'settlement_supplier'];

/** The default grade adjustments (basis points of the amount after deductions): assumptions to confirm. */
const INITIAL_GRADE_RULES = {
  assumption: true,
  basisPoints: { excellent: 0, good: 0, fair: -300, pass: -500, fail: -1000 },
};

async function roleList(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
    WHERE c.conname = 'users_role_check' AND c.conrelid = 'users'::regclass`.execute(db);
  return rows[0] ? [...rows[0].def.matchAll(/'([^']+)'/g)].map((m) => m[1]!) : [];
}

async function setRoleList(db: Kysely<unknown>, roles: readonly string[]): Promise<void> {
  await sql`ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check`.execute(db);
  const list = roles.map((r) => `'${r.replace(/'/g, "''")}'`).join(',');
  await sql.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (${list}))`).execute(db);
}

const MONTH = sql.raw(`'^[0-9]{4}-(0[1-9]|1[0-2])$'`);
const DAY = sql.raw(`'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await setRoleList(db, [...new Set([...(await roleList(db)), ...NEW_ROLES])]);

  await sql`CREATE TABLE settlement_calendar_years (
    year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    holidays jsonb NOT NULL,
    workdays jsonb NOT NULL,
    note text NOT NULL,
    entered_by text NOT NULL,
    entered_at timestamptz NOT NULL,
    version integer NOT NULL DEFAULT 1
  )`.execute(db);

  await sql`CREATE TABLE settlement_grade_rules (
    version serial PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('proposed','approved','rejected')),
    rules jsonb NOT NULL,
    note text NOT NULL,
    proposed_by integer REFERENCES users(id),
    proposed_at timestamptz NOT NULL,
    decided_by integer REFERENCES users(id),
    decided_at timestamptz,
    decision_note text
  )`.execute(db);
  await sql`CREATE FUNCTION settlement_grade_rules_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.status <> 'proposed' OR NEW.rules IS DISTINCT FROM OLD.rules
         OR NEW.proposed_by IS DISTINCT FROM OLD.proposed_by OR NEW.proposed_at IS DISTINCT FROM OLD.proposed_at THEN
        RAISE EXCEPTION 'settlement_grade_rules version % is frozen', OLD.version;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER settlement_grade_rules_no_change BEFORE UPDATE OR DELETE ON settlement_grade_rules
    FOR EACH ROW EXECUTE FUNCTION settlement_grade_rules_frozen()`.execute(db);
  await sql`INSERT INTO settlement_grade_rules (status, rules, note, proposed_at, decided_at, decision_note)
    VALUES ('approved', ${JSON.stringify(INITIAL_GRADE_RULES)}::jsonb,
      '默认绩效调整比例（假设，待采购单位确认）/ default grade adjustments (assumptions to confirm)', now(), now(), 'installed with the settlement')`.execute(
    db,
  );

  await sql`CREATE TABLE settlement_contracts (
    id serial PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    buyer_name text NOT NULL,
    supplier_name text NOT NULL,
    supplier_user_id integer REFERENCES users(id),
    start_month text NOT NULL CHECK (start_month ~ ${MONTH}),
    awarded_total_fen bigint NOT NULL CHECK (awarded_total_fen > 0),
    budget_fen bigint NOT NULL CHECK (budget_fen > 0),
    price_limit_fen bigint CHECK (price_limit_fen > 0),
    source text NOT NULL,
    synthetic boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    CHECK (price_limit_fen IS NULL OR awarded_total_fen <= price_limit_fen)
  )`.execute(db);
  await sql`CREATE INDEX settlement_contracts_supplier_idx ON settlement_contracts (supplier_user_id)`.execute(db);

  await sql`CREATE TABLE settlement_lines (
    id serial PRIMARY KEY,
    contract_id integer NOT NULL REFERENCES settlement_contracts(id),
    line_no integer NOT NULL,
    item_no integer NOT NULL,
    item_group text NOT NULL,
    item_name text NOT NULL,
    unit text NOT NULL,
    channel text NOT NULL CHECK (channel IN ('pc','mobile','kiosk','capability','manual','other')),
    ceiling_price_hao bigint CHECK (ceiling_price_hao >= 0),
    awarded_price_hao bigint CHECK (awarded_price_hao >= 0),
    price_source text CHECK (price_source IN ('bid','third_party')),
    priced_by text,
    priced_at timestamptz,
    price_note text,
    estimated_quantity bigint NOT NULL CHECK (estimated_quantity >= 0),
    derived_from text CHECK (derived_from IN ('orders','knowledge_published','voice_calls')),
    derived_categories jsonb NOT NULL DEFAULT '[]',
    version integer NOT NULL DEFAULT 1,
    UNIQUE (contract_id, line_no),
    CHECK (awarded_price_hao IS NULL OR ceiling_price_hao IS NULL OR awarded_price_hao <= ceiling_price_hao),
    CHECK ((awarded_price_hao IS NULL) = (price_source IS NULL))
  )`.execute(db);

  // The ledger's rollup: one row per line and month, kept in the same transaction as the evidence it sums.
  await sql`CREATE TABLE settlement_quantities (
    line_id integer NOT NULL REFERENCES settlement_lines(id),
    month text NOT NULL CHECK (month ~ ${MONTH}),
    claimed bigint NOT NULL DEFAULT 0 CHECK (claimed >= 0),
    claimed_records integer NOT NULL DEFAULT 0,
    derived bigint CHECK (derived >= 0),
    derived_records integer NOT NULL DEFAULT 0,
    derived_at timestamptz,
    accepted bigint CHECK (accepted >= 0),
    decision text CHECK (decision IN ('derived','claimed','set')),
    decided_by text,
    decided_at timestamptz,
    decision_note text,
    version integer NOT NULL DEFAULT 1,
    PRIMARY KEY (line_id, month),
    CHECK ((accepted IS NULL) = (decision IS NULL))
  )`.execute(db);

  // Evidence, append-only: a supplier's claim (with its reference) or a record OneMap derived the quantity from.
  await sql`CREATE TABLE settlement_evidence (
    id bigserial PRIMARY KEY,
    line_id integer NOT NULL REFERENCES settlement_lines(id),
    month text NOT NULL CHECK (month ~ ${MONTH}),
    source text NOT NULL CHECK (source IN ('claim','derived')),
    quantity bigint NOT NULL CHECK (quantity >= 0),
    ref text NOT NULL,
    note text,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    superseded boolean NOT NULL DEFAULT false
  )`.execute(db);
  await sql`CREATE INDEX settlement_evidence_line_idx ON settlement_evidence (line_id, month, source, id)`.execute(db);

  await sql`CREATE TABLE settlement_reports (
    id serial PRIMARY KEY,
    contract_id integer NOT NULL REFERENCES settlement_contracts(id),
    kind text NOT NULL CHECK (kind IN ('monthly','stage6','stage9','yearly')),
    period text NOT NULL,
    due_on text NOT NULL CHECK (due_on ~ ${DAY}),
    submitted_on text NOT NULL CHECK (submitted_on ~ ${DAY}),
    submitted_at timestamptz NOT NULL,
    channel text NOT NULL CHECK (channel IN ('online','offline')),
    receipt_ref text,
    summary text NOT NULL,
    submitted_by text NOT NULL,
    working_days_late integer NOT NULL,
    late boolean NOT NULL,
    status text NOT NULL CHECK (status IN ('submitted','returned','accepted')),
    revision_due_on text,
    revised_on text,
    revision_late boolean NOT NULL DEFAULT false,
    review_note text,
    reviewed_by text,
    version integer NOT NULL DEFAULT 1,
    UNIQUE (contract_id, kind, period)
  )`.execute(db);

  await sql`CREATE TABLE settlement_objections (
    id serial PRIMARY KEY,
    contract_id integer NOT NULL REFERENCES settlement_contracts(id),
    line_id integer REFERENCES settlement_lines(id),
    month text,
    report_id integer REFERENCES settlement_reports(id),
    text text NOT NULL,
    raised_by text NOT NULL,
    raised_at timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('open','upheld','dismissed')),
    answer text,
    answered_by text,
    answered_at timestamptz,
    CHECK ((status = 'open') = (answer IS NULL))
  )`.execute(db);

  await sql`CREATE TABLE settlement_statements (
    id serial PRIMARY KEY,
    contract_id integer NOT NULL REFERENCES settlement_contracts(id),
    kind text NOT NULL CHECK (kind IN ('monthly','stage6','stage9','yearly')),
    period text NOT NULL,
    status text NOT NULL CHECK (status IN ('reviewed','approved')),
    figures jsonb NOT NULL,
    settled_fen bigint NOT NULL,
    reviewed_by text NOT NULL,
    reviewed_at timestamptz NOT NULL,
    approved_by text,
    approved_at timestamptz,
    version integer NOT NULL DEFAULT 1,
    UNIQUE (contract_id, kind, period)
  )`.execute(db);

  await sql`CREATE TABLE settlement_evaluations (
    id serial PRIMARY KEY,
    contract_id integer NOT NULL REFERENCES settlement_contracts(id),
    round integer NOT NULL CHECK (round >= 1),
    scores jsonb NOT NULL,
    total_tenths integer NOT NULL CHECK (total_tenths BETWEEN 0 AND 1000),
    grade text NOT NULL CHECK (grade IN ('excellent','good','fair','pass','fail')),
    evaluated_on text NOT NULL,
    rectify_due_on text,
    note text NOT NULL,
    evaluated_by text NOT NULL,
    evaluated_at timestamptz NOT NULL,
    UNIQUE (contract_id, round)
  )`.execute(db);

  await sql`CREATE TABLE settlement_payments (
    id serial PRIMARY KEY,
    contract_id integer NOT NULL REFERENCES settlement_contracts(id),
    no integer NOT NULL CHECK (no BETWEEN 1 AND 4),
    amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
    computation jsonb NOT NULL,
    invoice_no text NOT NULL,
    invoice_received_on text NOT NULL CHECK (invoice_received_on ~ ${DAY}),
    approved_by text NOT NULL,
    approved_at timestamptz NOT NULL,
    UNIQUE (contract_id, no)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'settlement_payments',
    'settlement_evaluations',
    'settlement_statements',
    'settlement_objections',
    'settlement_reports',
    'settlement_evidence',
    'settlement_quantities',
    'settlement_lines',
    'settlement_contracts',
    'settlement_grade_rules',
    'settlement_calendar_years',
  ])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  await sql`DROP FUNCTION IF EXISTS settlement_grade_rules_frozen()`.execute(db);
  await sql`DELETE FROM users WHERE role IN ('settlement_buyer','settlement_reviewer','settlement_supplier')`.execute(db);
  await setRoleList(
    db,
    (await roleList(db)).filter((r) => !NEW_ROLES.includes(r)),
  );
}
