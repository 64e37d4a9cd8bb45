/**
 * Demonstration data for 服务结算 (issue 17), written once into empty settlement tables on a demo server's first
 * start. Two contracts of the 2026 service year (a year whose official calendar is published):
 *  - the seed-001 contract, loaded from the catalogue (29 items, 37 priced lines; awarded prices synthetic, 80 %
 *    of each ceiling, inside the 18,331 万元 limit), supplier: the `supplier2` demo account;
 *  - a bureau-side contract of the district's own outsourced work (toilet cleaning, road sweeping by grade, kiosk
 *    operation, and lines that map to what OneMap records: closed orders by category, kiosk repairs, published
 *    knowledge entries, voice calls) at synthetic prices, supplier: the `supplier` demo account. January to
 *    August are claimed, decided and reported on time; September is claimed with its fixed services decided, its
 *    derivable lines waiting for the third party; October and November are claimed. The advance is paid.
 * Everything here is marked synthetic.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { soleDistrict } from '@/server/tenancy/district-sql';
import { deadlineOf, serviceMonth } from '@/domain/settlement/deadlines';
import { basisPointsOf, divideHalfUp, haoOfYuanText, lineAmountFen } from '@/domain/settlement/settlement-money';
import { addWorkingDays, workCalendar } from '@/domain/settlement/working-days';
import { loadServiceCatalog, SEED_001_PRICE_LIMIT_FEN } from '@/server/settlement/catalog-file';
import { countContracts } from '@/server/settlement/settlement.repository';

const YEAR_START = '2026-01';
const SYNTHETIC = '演示数据（合成）';

interface PlannedLine {
  group: string;
  name: string;
  unit: string;
  channel: 'manual' | 'other' | 'capability';
  priceYuan: string | null;
  estimated: number;
  derivedFrom?: 'orders' | 'knowledge_published' | 'voice_calls';
  categories?: string[];
  /** Monthly claimed quantity as a share of a twelfth of the estimate (per mille); 0 = not claimed monthly. */
  claimPerMille: number;
}

/** The bureau's own outsourced services at synthetic prices; the derivable lines map to OneMap's records. */
const BUREAU_LINES: PlannedLine[] = [
  { group: '环卫作业', name: '公厕保洁', unit: '座·月', channel: 'manual', priceYuan: '3200', estimated: 92 * 12, claimPerMille: 1040 },
  {
    group: '环卫作业',
    name: '道路保洁（一级道路）',
    unit: '万平方米·月',
    channel: 'manual',
    priceYuan: '9800',
    estimated: 60 * 12,
    claimPerMille: 1040,
  },
  {
    group: '环卫作业',
    name: '道路保洁（二级道路）',
    unit: '万平方米·月',
    channel: 'manual',
    priceYuan: '7200',
    estimated: 85 * 12,
    claimPerMille: 1040,
  },
  {
    group: '环卫作业',
    name: '道路保洁（三级道路）',
    unit: '万平方米·月',
    channel: 'manual',
    priceYuan: '4600',
    estimated: 70 * 12,
    claimPerMille: 1040,
  },
  {
    group: '自助终端',
    name: '自助终端日常运维',
    unit: '台·月',
    channel: 'manual',
    priceYuan: '1500',
    estimated: 46 * 12,
    claimPerMille: 1000,
  },
  {
    group: '工单处置',
    name: '市容环卫工单现场处置（以OneMap结案工单计）',
    unit: '件',
    channel: 'other',
    priceYuan: '160',
    estimated: 4800,
    derivedFrom: 'orders',
    categories: [
      'cityscape.outdoor_business',
      'cityscape.dumping',
      'cityscape.street_vending',
      'cityscape.frontage_duty',
      'cityscape.illegal_ads',
      'cityscape.illegal_posting',
      'cityscape.construction_waste',
      'sanitation.road_cleaning',
      'sanitation.road_washing',
      'sanitation.bin_overflow',
      'sanitation.collection_overdue',
      'sanitation.toilet_cleaning',
      'sanitation.facility_damage',
    ],
    claimPerMille: 1000,
  },
  {
    group: '工单处置',
    name: '景观灯光维修（以OneMap结案工单计）',
    unit: '件',
    channel: 'other',
    priceYuan: '380',
    estimated: 600,
    derivedFrom: 'orders',
    categories: ['lighting.not_lit', 'lighting.damaged'],
    claimPerMille: 1000,
  },
  {
    group: '自助终端',
    name: '自助终端故障修复（以OneMap结案工单计）',
    unit: '件',
    channel: 'other',
    priceYuan: '520',
    estimated: 240,
    derivedFrom: 'orders',
    categories: ['kiosk.software', 'kiosk.hardware'],
    claimPerMille: 1000,
  },
  {
    group: '知识服务',
    name: '知识库词条发布',
    unit: '个词条',
    channel: 'capability',
    priceYuan: '120',
    estimated: 1200,
    derivedFrom: 'knowledge_published',
    claimPerMille: 1000,
  },
  {
    group: '智能外呼',
    name: 'AI语音外呼',
    unit: '次',
    channel: 'capability',
    priceYuan: '0.8',
    estimated: 24_000,
    derivedFrom: 'voice_calls',
    claimPerMille: 1000,
  },
  // Not in the bid: priced by the third party when it occurs (seed 001 六).
  { group: '专项保障', name: '重大活动专项保障', unit: '次', channel: 'other', priceYuan: null, estimated: 4, claimPerMille: 0 },
];

async function userId(db: Kysely<Database>, username: string): Promise<number | null> {
  return (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())?.id ?? null;
}

/** Returns false when settlement data exists already. */
export async function seedSettlement(db: Kysely<Database>, now: Date): Promise<boolean> {
  if ((await countContracts(db)) > 0) return false;
  const catalog = loadServiceCatalog();
  const calendar = workCalendar();
  const supplier = await userId(db, 'supplier');
  const supplier2 = await userId(db, 'supplier2');
  const reviewerName = '第三方支撑单位 申信工程咨询';
  const supplierName = '供应商 长宁城市服务有限公司';
  // The seeded contracts are the seeded district's (the only one there is when seeding).
  const district_code = await soleDistrict(db);

  await db.transaction().execute(async (trx) => {
    // ——— the seed-001 contract from the catalogue ———
    const bid = catalog.lines.map((l) => ({ ...l, awardedHao: divideHalfUp(l.ceilingPriceHao * 800n, 1000n) }));
    const awarded001 = bid.reduce((sum, l) => sum + lineAmountFen(l.awardedHao, l.estimatedQuantity), 0n);
    const c001 = await trx
      .insertInto('settlement_contracts')
      .values({
        code: 'SH-YWTB-2026-01',
        name: '上海市“一网通办”城市级运营服务（2026年度）',
        buyer_name: '上海市大数据中心',
        supplier_name: '沪申数字政务运营有限公司（演示）',
        supplier_user_id: supplier2,
        start_month: YEAR_START,
        awarded_total_fen: awarded001.toString(),
        budget_fen: SEED_001_PRICE_LIMIT_FEN.toString(),
        price_limit_fen: SEED_001_PRICE_LIMIT_FEN.toString(),
        source: `${catalog.source}; awarded prices synthetic (80 % of each ceiling)`,
        synthetic: true,
        created_at: now,
        district_code,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('settlement_lines')
      .values(
        bid.map((l, i) => ({
          contract_id: c001.id,
          line_no: i + 1,
          item_no: l.itemNo,
          item_group: l.group,
          item_name: l.name,
          unit: l.unit,
          channel: l.channel,
          ceiling_price_hao: l.ceilingPriceHao.toString(),
          awarded_price_hao: l.awardedHao.toString(),
          price_source: 'bid' as const,
          estimated_quantity: l.estimatedQuantity.toString(),
        })),
      )
      .execute();

    // ——— the bureau-side contract ———
    const priced = BUREAU_LINES.map((l) => ({ ...l, hao: l.priceYuan === null ? null : haoOfYuanText(l.priceYuan)! }));
    const awarded = priced.reduce((sum, l) => sum + (l.hao === null ? 0n : lineAmountFen(l.hao, BigInt(l.estimated))), 0n);
    const contract = await trx
      .insertInto('settlement_contracts')
      .values({
        code: 'CN-LR-2026-FW01',
        name: '长宁区市容环卫及城市运行综合服务（2026年度）',
        buyer_name: '上海市长宁区绿化和市容管理局',
        supplier_name: '长宁城市服务有限公司（演示）',
        supplier_user_id: supplier,
        start_month: YEAR_START,
        awarded_total_fen: awarded.toString(),
        // 财政批复: 5 % above the award, so the budget and not the +10 % binds first.
        budget_fen: (awarded + basisPointsOf(awarded, 500)).toString(),
        price_limit_fen: null,
        source: `${SYNTHETIC}：单价与工作量为合成数据 / synthetic prices and workloads`,
        synthetic: true,
        created_at: now,
        district_code,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const lines = await trx
      .insertInto('settlement_lines')
      .values(
        priced.map((l, i) => ({
          contract_id: contract.id,
          line_no: i + 1,
          item_no: i + 1,
          item_group: l.group,
          item_name: l.name,
          unit: l.unit,
          channel: l.channel,
          ceiling_price_hao: l.hao?.toString() ?? null,
          awarded_price_hao: l.hao?.toString() ?? null,
          price_source: l.hao === null ? null : ('bid' as const),
          estimated_quantity: String(l.estimated),
          derived_from: l.derivedFrom ?? null,
          derived_categories: JSON.stringify(l.categories ?? []),
        })),
      )
      .returning(['id', 'line_no'])
      .execute();

    // Claims with evidence for January–November; January–August decided on the claims (before OneMap ran);
    // September's fixed services decided, its derivable lines left for the third party.
    for (let m = 1; m <= 11; m++) {
      const month = serviceMonth(YEAR_START, m);
      const claimedAt = new Date(`${addWorkingDays(calendar, `${month}-28`, 2)}T10:00:00+08:00`);
      for (const [i, plan] of priced.entries()) {
        if (plan.claimPerMille === 0) continue;
        const line = lines.find((l) => l.line_no === i + 1)!;
        // A little variation month to month (deterministic), around the planned share.
        const base = divideHalfUp(BigInt(plan.estimated) * BigInt(plan.claimPerMille), 12_000n);
        const quantity = plan.derivedFrom ? base + BigInt((m * 7 + i * 3) % 9) - 4n : base;
        const decided = m <= 8 || (m === 9 && !plan.derivedFrom);
        await trx
          .insertInto('settlement_evidence')
          .values({
            line_id: line.id,
            month,
            source: 'claim',
            quantity: quantity.toString(),
            ref: `月报附件 ${month}-${String(i + 1).padStart(2, '0')}`,
            note: SYNTHETIC,
            created_by: supplierName,
            created_at: claimedAt,
          })
          .execute();
        await trx
          .insertInto('settlement_quantities')
          .values({
            line_id: line.id,
            month,
            claimed: quantity.toString(),
            claimed_records: 1,
            accepted: decided ? quantity.toString() : null,
            decision: decided ? 'claimed' : null,
            decided_by: decided ? reviewerName : null,
            decided_at: decided ? claimedAt : null,
            decision_note: decided ? `${SYNTHETIC}：按佐证材料核定` : null,
          })
          .execute();
      }
    }

    // Monthly reports January–August and October on time, accepted; the 6- and 9-month stage materials on time.
    // September's monthly report is left out: it is the one a demonstration submits late.
    const reports: Array<{ kind: 'monthly' | 'stage6' | 'stage9'; period: string }> = [
      ...Array.from({ length: 8 }, (_, i) => ({ kind: 'monthly' as const, period: serviceMonth(YEAR_START, i + 1) })),
      { kind: 'monthly', period: serviceMonth(YEAR_START, 10) },
      { kind: 'stage6', period: 'S6' },
      { kind: 'stage9', period: 'S9' },
    ];
    for (const r of reports) {
      const { periodEnd, dueOn } = deadlineOf(calendar, r.kind, YEAR_START, r.period);
      const submittedOn = addWorkingDays(calendar, periodEnd, 6);
      await trx
        .insertInto('settlement_reports')
        .values({
          contract_id: contract.id,
          kind: r.kind,
          period: r.period,
          due_on: dueOn,
          submitted_on: submittedOn,
          submitted_at: new Date(`${submittedOn}T16:00:00+08:00`),
          channel: 'online',
          receipt_ref: null,
          summary: `${r.kind === 'monthly' ? `${r.period} 月度运营报告` : r.kind === 'stage6' ? '6个月阶段性结算材料' : '9个月阶段性结算材料'}（${SYNTHETIC}）`,
          submitted_by: supplierName,
          working_days_late: 0,
          late: false,
          status: 'accepted',
          reviewed_by: reviewerName,
        })
        .execute();
    }

    // The advance (50 % of the award), paid in January against the supplier's invoice.
    await trx
      .insertInto('settlement_payments')
      .values({
        contract_id: contract.id,
        no: 1,
        amount_fen: basisPointsOf(awarded, 5_000).toString(),
        computation: JSON.stringify({
          capFen: basisPointsOf(awarded, 5_000).toString(),
          capApplied: false,
          paidBeforeFen: '0',
          basisFen: null,
        }),
        invoice_no: '26310000000000000001',
        invoice_received_on: '2026-01-12',
        approved_by: '采购单位 长宁区绿化市容局 计财科',
        approved_at: new Date('2026-01-15T10:00:00+08:00'),
      })
      .execute();
  });
  return true;
}
