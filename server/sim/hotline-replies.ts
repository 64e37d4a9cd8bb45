/**
 * Demo mode: a few recent closed synthetic 12345 tickets get the kind of reply the bureau sends back, so the
 * knowledge base's 采集 has replies to turn into 问答 entries. Synthetic like the tickets; once, when no ticket has
 * a reply yet.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';

/** Replies by category: general Shanghai practice written for the demo, not official text. */
const REPLIES: Record<string, string> = {
  'cityscape.frontage_duty':
    '经核实，沿街商铺对门前责任区的市容整洁、环境卫生和秩序负有门前三包责任。已由街道城管中队上门告知商户，责任区内不得堆物、占道经营，垃圾应自行清扫并投放到指定收集点。',
  'sanitation.bin_overflow':
    '您反映的垃圾桶满溢问题已通知属地环卫作业单位加密清运。居住区垃圾箱房由物业或保洁单位负责日常清理，道路果壳箱由环卫部门每日清运，满溢可随时拨打12345反映。',
  'sanitation.toilet_cleaning':
    '已安排公厕管理单位对该公厕进行保洁并补充手纸、洗手液。区内公厕开放时间一般为全天，保洁问题可扫描公厕门口二维码或拨打12345反映。',
  'lighting.not_lit': '经查，该处景观灯因线路故障不亮，维修单位已于次日修复。景观灯按季节和节假日方案定时开闭，平日一般于19时至22时开启。',
  'greening.pruning':
    '您反映的行道树枝叶遮挡问题已由绿化养护单位修剪。行道树修剪一般安排在冬季和台风季前，居民小区内树木由物业负责，需砍伐或移植须向区绿化部门申请。',
  'cityscape.dumping':
    '已责令相关单位清除乱堆物。装修垃圾应袋装后堆放到小区指定的装修垃圾堆放点，由物业联系有资质的单位清运，不得堆放在楼道、绿地或道路上。',
  'kiosk.software':
    '经核实，该自助服务终端因软件更新暂时无法使用，维护单位已远程恢复。终端可办理查询、缴费和预约等业务，故障可拨打终端上的服务电话报修。',
  'sanitation.road_cleaning':
    '已通知道路保洁作业单位对该路段增加保洁频次。主要道路每日普扫两次并全天巡回保洁，发现路面垃圾可随时拨打12345反映。',
};
const PER_CATEGORY = 2;

export async function seedTicketReplies(db: Kysely<Database>): Promise<number> {
  const any = await db.selectFrom('hotline_tickets').select('id').where('reply', 'is not', null).limit(1).executeTakeFirst();
  if (any) return 0;
  let seeded = 0;
  for (const [category, reply] of Object.entries(REPLIES)) {
    const recent = await db
      .selectFrom('hotline_tickets')
      .select('id')
      .where('category_code', '=', category)
      .where('synthetic', '=', true)
      .where('closed_at', 'is not', null)
      .orderBy('received_at', 'desc')
      .limit(PER_CATEGORY)
      .execute();
    if (recent.length === 0) continue;
    const r = await db
      .updateTable('hotline_tickets')
      .set({ reply })
      .where(
        'id',
        'in',
        recent.map((t) => t.id),
      )
      .executeTakeFirst();
    seeded += Number(r.numUpdatedRows);
  }
  return seeded;
}
