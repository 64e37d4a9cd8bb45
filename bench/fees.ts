/**
 * 清费云 ledgers at 100,000 payers (issue 12): the declarations ledger, the contract ledger and the payer register,
 * on the embedded database and on PostgreSQL, over the synthetic fixture of bench/fees-fixture.ts (`--fees-payers=N`
 * for another size). Target: p95 ≤ 100 ms per page of 50 on both dialects, for any filter (status, month, waste
 * type, payer, free text — common words, a shop name shared by ~50 payers, one payer's full name —, a credit code
 * or a contract code, and combinations), on the first page and on a deep one (page 2,000, or the last page when
 * the filter has fewer).
 *
 * The product pages by keyset (the last row of the previous page). Beside it, the common approach: OFFSET paging of
 * the same ledger query, and the ratio. Each sample reads the offset page first, one row earlier than the page
 * itself — that row is the keyset cursor — and then the keyset page, which must return the same rows. Filters are
 * drawn at random per sample (seeded), so the p95 covers different statuses, months, payers and words.
 */
import { cpus, loadavg } from 'node:os';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { DialectName } from '@/db/connect';
import type { Database } from '@/db/schema';
import { CONTRACT_STATUSES, DECLARATION_STATUSES, WASTE_TYPES } from '@/domain/fees/fee-values';
import { CITY_SCOPE, type DistrictScope } from '@/domain/tenancy/district-scope';
import { shopName } from '@/db/seed/synthetic-names';
import { createRandom, type Random } from '@/geo/random';
import {
  contractLedger,
  type ContractLedgerFilter,
  declarationLedger,
  type DeclarationLedgerFilter,
  listContracts,
  listDeclarations,
  listPayers,
  payerRegister,
} from '@/server/fees/fees.repository';
import { openBenchDatabase } from './dispatch-fixture';
import { FEE_MONTHS, type FeePayerSeed, loadFeesFixture } from './fees-fixture';
import { median, p95, round, timed } from './stats';

const PAGE_SIZE = 50;
const DEEP_PAGE = 2000;
const SAMPLES = 15;
const TARGET_P95_MS = 100;
const COMMON_WORDS = ['便利店', '有限公司', '长宁路', '咖啡', '上海'];

type Db = Kysely<Database>;

/** One ledger as the bench sees it: OFFSET pages and row counts of its ordered query, and its keyset pages. */
interface Ledger<F, Row extends { id: number }> {
  offsetPage(db: Db, f: F, offset: number, limit: number): Promise<Row[]>;
  count(db: Db, f: F): Promise<number>;
  keysetPage(db: Db, f: F, after: Row | null): Promise<Row[]>;
  cases: Record<string, (r: Random) => F>;
}

/** The common approach on a ledger's own query (the repository's, without keyset or limit): OFFSET, and a count. */
function offsetPaging<F, DB, TB extends keyof DB, Row>(query: (db: Db, f: F) => Promise<SelectQueryBuilder<DB, TB, Row>>) {
  return {
    offsetPage: async (db: Db, f: F, offset: number, limit: number) => (await query(db, f)).offset(offset).limit(limit).execute(),
    count: async (db: Db, f: F) => {
      const row = await (
        await query(db, f)
      )
        .clearOrderBy()
        .clearSelect()
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number((row as { n: number | string }).n);
    },
  };
}

/** What the filters draw from: the payers as loaded (id, name, code) and the contract codes. */
interface Population {
  payers: Array<FeePayerSeed & { id: number }>;
  yearlyPayerIds: number[];
  contractCodes: string[];
}

const textCases = <F>(base: F, pop: Population) => ({
  textCommon: (r: Random) => ({ ...base, text: r.pick(COMMON_WORDS) }),
  textShopName: (r: Random) => ({ ...base, text: shopName(r) }),
  textFullName: (r: Random) => ({ ...base, text: r.pick(pop.payers).name }),
  creditCode: (r: Random) => ({ ...base, text: r.pick(pop.payers).creditCode.toLowerCase() }),
});

function declarationsLedger(pop: Population): Ledger<DeclarationLedgerFilter, { id: number; updated_at: Date }> {
  const none: DeclarationLedgerFilter = { status: null, payerId: null, month: null, wasteType: null, text: null, scope: CITY_SCOPE };
  return {
    ...offsetPaging(declarationLedger),
    keysetPage: (db, f, after) =>
      listDeclarations(db, { ...f, after: after && { updatedAt: after.updated_at, id: after.id }, limit: PAGE_SIZE }),
    cases: {
      all: () => none,
      status: (r) => ({ ...none, status: r.pick(DECLARATION_STATUSES) }),
      month: (r) => ({ ...none, month: r.pick(FEE_MONTHS) }),
      wasteType: (r) => ({ ...none, wasteType: r.pick(WASTE_TYPES) }),
      payer: (r) => ({ ...none, payerId: r.pick(pop.yearlyPayerIds) }),
      ...textCases(none, pop),
      statusMonthWaste: (r) => ({
        ...none,
        status: r.pick(DECLARATION_STATUSES),
        month: r.pick(FEE_MONTHS),
        wasteType: r.pick(WASTE_TYPES),
      }),
      statusText: (r) => ({ ...none, status: r.pick(DECLARATION_STATUSES), text: r.pick(COMMON_WORDS) }),
      monthShopName: (r) => ({ ...none, month: r.pick(FEE_MONTHS), text: shopName(r) }),
    },
  };
}

function contractsLedger(pop: Population): Ledger<ContractLedgerFilter, { id: number }> {
  const none: ContractLedgerFilter = { status: null, payerId: null, text: null, scope: CITY_SCOPE };
  return {
    ...offsetPaging(contractLedger),
    keysetPage: (db, f, after) => listContracts(db, { ...f, afterId: after?.id ?? null, limit: PAGE_SIZE }),
    cases: {
      all: () => none,
      status: (r) => ({ ...none, status: r.pick(CONTRACT_STATUSES) }),
      payer: (r) => ({ ...none, payerId: r.pick(pop.payers).id }),
      ...textCases(none, pop),
      contractCode: (r) => ({ ...none, text: r.pick(pop.contractCodes).toLowerCase() }),
      statusText: (r) => ({ ...none, status: r.pick(CONTRACT_STATUSES), text: r.pick(COMMON_WORDS) }),
    },
  };
}

function payersLedger(pop: Population): Ledger<{ text: string | null; scope: DistrictScope }, { id: number }> {
  const { textCommon, textShopName, creditCode } = textCases({ text: null as string | null, scope: CITY_SCOPE }, pop);
  return {
    ...offsetPaging(payerRegister),
    keysetPage: (db, f, after) => listPayers(db, { ...f, afterId: after?.id ?? null, limit: PAGE_SIZE }),
    cases: { all: () => ({ text: null, scope: CITY_SCOPE }), textCommon, textShopName, creditCode },
  };
}

const stats = (samples: number[]) => ({ medianMs: round(median(samples)), p95Ms: round(p95(samples)) });

interface PageSamples {
  pages: number[];
  keyset: number[];
  offset: number[];
}

/** One page both ways: OFFSET (reading the previous page's last row too: the cursor) and keyset; same rows or a throw. */
async function samplePage<F, Row extends { id: number }>(db: Db, ledger: Ledger<F, Row>, f: F, page: number, into: PageSamples) {
  const skip = (page - 1) * PAGE_SIZE;
  const [offsetMs, rows] = await timed(() =>
    skip > 0 ? ledger.offsetPage(db, f, skip - 1, PAGE_SIZE + 1) : ledger.offsetPage(db, f, 0, PAGE_SIZE),
  );
  const cursor = skip > 0 ? (rows.shift() ?? null) : null;
  if (skip > 0 && !cursor) throw new Error(`no row before page ${page}`);
  const [keysetMs, keysetRows] = await timed(() => ledger.keysetPage(db, f, cursor));
  if (keysetRows.map((r) => r.id).join() !== rows.map((r) => r.id).join()) throw new Error(`keyset page ${page} differs from OFFSET`);
  into.pages.push(page);
  into.keyset.push(keysetMs);
  into.offset.push(offsetMs);
}

function report(s: PageSamples) {
  const keyset = stats(s.keyset);
  const offset = stats(s.offset);
  return {
    page: median(s.pages),
    keyset,
    offset,
    ratioOffsetOverKeyset: { median: round(offset.medianMs / keyset.medianMs, 1), p95: round(offset.p95Ms / keyset.p95Ms, 1) },
  };
}

/** Every case of a ledger: SAMPLES random filters, each read on its first page and on its deep page. */
async function measureLedger<F, Row extends { id: number }>(db: Db, ledger: Ledger<F, Row>, seed: string) {
  const out: Record<string, { rows: number; first: ReturnType<typeof report>; deep: ReturnType<typeof report> }> = {};
  for (const [name, draw] of Object.entries(ledger.cases)) {
    const r = createRandom(`${seed}-${name}`);
    const first: PageSamples = { pages: [], keyset: [], offset: [] };
    const deep: PageSamples = { pages: [], keyset: [], offset: [] };
    const counts: number[] = [];
    await samplePage(db, ledger, draw(r), 1, { pages: [], keyset: [], offset: [] }); // warm-up
    for (let i = 0; i < SAMPLES; i++) {
      const f = draw(r);
      const count = await ledger.count(db, f);
      counts.push(count);
      await samplePage(db, ledger, f, 1, first);
      await samplePage(db, ledger, f, Math.max(1, Math.min(DEEP_PAGE, Math.ceil(count / PAGE_SIZE))), deep);
    }
    out[name] = { rows: median(counts), first: report(first), deep: report(deep) };
  }
  return out;
}

async function population(db: Db, seeds: FeePayerSeed[]): Promise<Population> {
  const rows = await db.selectFrom('fee_payers').select(['id', 'credit_code']).execute();
  const byCode = new Map(rows.map((p) => [p.credit_code, p.id]));
  const payers = seeds.map((p) => ({ ...p, id: byCode.get(p.creditCode)! }));
  const yearly = await db
    .selectFrom('fee_declarations')
    .select('payer_id')
    .groupBy('payer_id')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  const contracts = await db.selectFrom('fee_contracts').select('code').execute();
  return { payers, yearlyPayerIds: yearly.map((y) => y.payer_id), contractCodes: contracts.map((c) => c.code) };
}

/** The slowest keyset p95 over every case and page of every ledger. */
function worstKeysetP95(ledgers: Record<string, Awaited<ReturnType<typeof measureLedger>>>): { ms: number; where: string } {
  let worst = { ms: 0, where: '' };
  for (const [ledger, cases] of Object.entries(ledgers))
    for (const [name, c] of Object.entries(cases))
      for (const page of ['first', 'deep'] as const)
        if (c[page].keyset.p95Ms > worst.ms) worst = { ms: c[page].keyset.p95Ms, where: `${ledger}.${name}.${page}` };
  return worst;
}

async function dialectRun(dialect: DialectName, serverUrl: string | undefined, payerCount: number) {
  const database = await openBenchDatabase(dialect, serverUrl);
  try {
    const db = database.db;
    const fixture = await loadFeesFixture(db, payerCount);
    const pop = await population(db, fixture.payers);
    const ledgers = {
      declarations: await measureLedger(db, declarationsLedger(pop), 'declarations'),
      contracts: await measureLedger(db, contractsLedger(pop), 'contracts'),
      payers: await measureLedger(db, payersLedger(pop), 'payers'),
    };
    const worst = worstKeysetP95(ledgers);
    return {
      dialect,
      ...fixture.counts,
      loadMs: fixture.loadMs,
      pageSize: PAGE_SIZE,
      samplesPerPage: SAMPLES,
      ledgers,
      worstKeysetP95: worst,
      targetP95Ms: TARGET_P95_MS,
      meetsTarget: worst.ms <= TARGET_P95_MS,
    };
  } finally {
    await database.drop();
  }
}

export async function runFeesBench(options: { serverUrl?: string; payers?: number } = {}) {
  const arg = process.argv.find((a) => a.startsWith('--fees-payers='));
  const payers = options.payers ?? (arg ? Number(arg.split('=')[1]) : 100_000);
  const runs = [];
  const skipped: string[] = [];
  for (const dialect of ['postgres', 'embedded'] as const) {
    if (dialect === 'postgres' && !options.serverUrl) {
      skipped.push('postgres: no server URL');
      continue;
    }
    console.log(`   fees: ${dialect}, ${payers} payers …`);
    runs.push(await dialectRun(dialect, options.serverUrl, payers));
  }
  return { machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0], 2), node: process.version }, runs, skipped };
}
