/**
 * What the 清费云 ledger benchmark stands on: N synthetic payers (valid credit codes, plausible Shanghai shop,
 * company and institution names, so free text has realistic selectivity), a year of monthly declarations for
 * 30 % of them and one for the rest, and one contract per payer in a spread of states. Payers are generated
 * here and written with unnest() in batches; declarations and contracts are derived in SQL (INSERT … SELECT), so
 * the whole load stays fast on single-threaded PGlite too.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { withCheckCharacter } from '@/domain/fees/credit-code';
import { createRandom, type Random } from '@/geo/random';
import { personName, shopName } from '@/db/seed/synthetic-names';

const ROADS = [
  ...['长宁路', '愚园路', '延安西路', '天山路', '仙霞路', '虹桥路', '中山西路', '娄山关路', '古北路', '茅台路'],
  ...['哈密路', '剑河路', '北新泾路', '安顺路', '定西路', '江苏路', '武夷路', '番禺路', '凯旋路', '新华路'],
  ...['威宁路', '水城路', '遵义路', '协和路', '淞虹路', '金钟路', '福泉路', '临虹路', '广顺路', '平塘路'],
];
const INDUSTRIES = ['餐饮管理', '贸易', '物业管理', '科技', '文化传媒', '酒店管理', '商贸', '建筑装饰', '信息技术', '食品'];
const INSTITUTIONS = ['小学', '幼儿园', '社区卫生服务中心', '街道办事处', '图书馆', '中学', '文化活动中心', '养老院'];
const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const BATCH = 10_000;

/** Months the declarations cover; the "now" of the fixture is in the last one. */
export const FEE_MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

export interface FeePayerSeed {
  name: string;
  creditCode: string;
  kind: 'shop' | 'office' | 'institution';
  address: string;
  contactName: string;
  contactPhone: string;
}

/** A valid 18-character code: registry type, Changning's division code, and `index` spread over nine characters. */
export function syntheticCreditCode(index: number, institution: boolean): string {
  let n = (index * 2_654_435_761) % 31 ** 9; // a bijection on [0, 31^9) for index < 31^9: codes look scattered
  let body = '';
  for (let i = 0; i < 9; i++) {
    body = CODE_ALPHABET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  return withCheckCharacter(`${institution ? '12' : '91'}310105${body}`);
}

function payerSeed(index: number, r: Random): FeePayerSeed {
  const road = r.pick(ROADS);
  const roll = r.next();
  const kind = roll < 0.6 ? 'shop' : roll < 0.9 ? 'office' : 'institution';
  const name =
    kind === 'shop'
      ? `${shopName(r)}（${road}店）`
      : kind === 'office'
        ? `上海${personName(r).slice(-2)}${r.pick(INDUSTRIES)}有限公司`
        : `上海市长宁区${road}${r.pick(INSTITUTIONS)}`;
  return {
    name,
    creditCode: syntheticCreditCode(index + 1, kind === 'institution'),
    kind,
    address: `${road}${r.int(1, 2000)}号`,
    contactName: personName(r),
    contactPhone: `13${r.int(0, 9)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`,
  };
}

export function generatePayers(count: number, seed = 'fees-bench'): FeePayerSeed[] {
  const r = createRandom(seed);
  return Array.from({ length: count }, (_, i) => payerSeed(i, r));
}

async function insertPayers(db: Kysely<Database>, payers: FeePayerSeed[]): Promise<void> {
  for (let start = 0; start < payers.length; start += BATCH) {
    const b = payers.slice(start, start + BATCH);
    const column = (key: keyof FeePayerSeed) => b.map((p) => p[key]);
    await sql`INSERT INTO fee_payers (name, credit_code, kind, address, contact_name, contact_phone, status, synthetic)
      SELECT t.name, t.code, t.kind, t.address, t.contact, t.phone, 'verified', true
      FROM unnest(${column('name')}::text[], ${column('creditCode')}::text[], ${column('kind')}::text[],
                  ${column('address')}::text[], ${column('contactName')}::text[], ${column('contactPhone')}::text[])
        AS t(name, code, kind, address, contact, phone)`.execute(db);
  }
}

/**
 * Twelve months for payers with id % 10 < 3, the last month only for the others. A cheap integer hash of
 * (payer, month) stands in for randomness: old months are mostly approved, recent ones spread over every state.
 */
async function insertDeclarations(db: Kysely<Database>): Promise<void> {
  await sql`INSERT INTO fee_declarations (payer_id, month, waste_type, quantity, status, created_at, updated_at)
    SELECT p.id, to_char(g.first_day, 'YYYY-MM'),
      (ARRAY['kitchen','residual','residual','kitchen','bulky','construction'])[1 + p.id % 6],
      1 + g.h % 40,
      CASE WHEN g.m < 9 THEN (ARRAY['approved','approved','approved','approved','approved','approved','approved','approved','returned','reviewed'])[1 + g.h % 10]
           ELSE (ARRAY['draft','submitted','submitted','returned','reviewed','approved','approved'])[1 + g.h % 7] END,
      g.first_day, g.first_day + make_interval(secs => g.h % (27 * 86400))
    FROM fee_payers p
    CROSS JOIN LATERAL (
      SELECT m, (timestamptz '2026-01-01 00:00+08' + make_interval(months => m)) AS first_day,
             (p.id::bigint * 2654435761 + m * 40503) % 1000003 AS h
      FROM generate_series(CASE WHEN p.id % 10 < 3 THEN 0 ELSE 11 END, 11) AS m
    ) g`.execute(db);
}

/** One contract per payer, drawn from its first declaration, in a spread of lifecycle states. */
async function insertContracts(db: Kysely<Database>): Promise<void> {
  await sql`INSERT INTO fee_contracts (code, payer_id, declaration_id, waste_type, unit, start_month, end_month, monthly_quantity,
      unit_price_fen, monthly_amount_fen, tariff_version, status, synthetic, created_at)
    SELECT 'QF-2026-' || lpad(row_number() OVER (ORDER BY d.updated_at, d.id)::text, 6, '0'), d.payer_id, d.id, d.waste_type,
      CASE WHEN d.waste_type IN ('kitchen','residual') THEN 'bin240' ELSE 'tonne' END,
      d.month, to_char(to_date(d.month, 'YYYY-MM') + interval '11 months', 'YYYY-MM'), d.quantity, price.fen, d.quantity * price.fen, 1,
      (ARRAY['active','active','active','active','active','active','renewal_due','renewal_due','renewed','renewed','terminated','expired','expired','draft'])[1 + (d.payer_id * 7919) % 14],
      true, d.updated_at
    FROM (SELECT DISTINCT ON (payer_id) * FROM fee_declarations ORDER BY payer_id, id) d
    CROSS JOIN LATERAL (SELECT CASE d.waste_type WHEN 'kitchen' THEN 2500 WHEN 'residual' THEN 2000 WHEN 'bulky' THEN 45000 ELSE 30000 END AS fen) price
    ORDER BY d.updated_at, d.id`.execute(db);
}

export interface FeesFixture {
  payers: FeePayerSeed[];
  counts: { payers: number; declarations: number; contracts: number };
  loadMs: number;
}

/** Loads the fixture into a freshly migrated database and analyses the tables. */
export async function loadFeesFixture(db: Kysely<Database>, payerCount: number): Promise<FeesFixture> {
  const started = performance.now();
  const payers = generatePayers(payerCount);
  await insertPayers(db, payers);
  await insertDeclarations(db);
  await insertContracts(db);
  await sql`ANALYZE fee_payers, fee_declarations, fee_contracts`.execute(db);
  const loadMs = Math.round(performance.now() - started);
  const count = async (table: 'fee_payers' | 'fee_declarations' | 'fee_contracts') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    payers,
    counts: { payers: await count('fee_payers'), declarations: await count('fee_declarations'), contracts: await count('fee_contracts') },
    loadMs,
  };
}
