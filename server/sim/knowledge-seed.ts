/**
 * Demonstration knowledge entries about the bureau's work (门前三包, garbage sorting, fees, toilets, lighting,
 * kiosks), marked synthetic: general practice in Shanghai written for the demo, not official text. Published by
 * the system (a system proposal may be decided by the system under the four-eyes rule), once, into an empty base.
 */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { KnowledgeService } from '@/server/knowledge/knowledge.service';
import type { EntryInput } from '@/server/knowledge/knowledge.schemas';
import { SYSTEM_ACTOR } from '@/server/orders/order-change';

type Seed = [type: EntryInput['type'], title: string, questions: string[], answer: string, department: number];

/** Departments as installed by migration 0013: 1 环卫, 2 绿化, 3 市容景观, 4 法制, 5 城管执法, 6 房管, 7 街道. */
export const CORE_ENTRIES: Seed[] = [
  [
    'qa',
    '生活垃圾分为哪几类',
    ['垃圾分几类', '上海垃圾怎么分'],
    '上海生活垃圾分为可回收物、有害垃圾、湿垃圾、干垃圾四类，分别投放到蓝色、红色、棕色、黑色收集容器。',
    1,
  ],
  [
    'qa',
    '湿垃圾如何投放',
    ['厨余垃圾怎么扔', '剩饭剩菜扔哪'],
    '湿垃圾（厨余、果皮、剩饭菜）应去除包装后破袋投放到湿垃圾桶，包装袋投入干垃圾桶。',
    1,
  ],
  [
    'qa',
    '有害垃圾包括哪些',
    ['废电池算什么垃圾', '过期药品怎么处理'],
    '废电池、废灯管、过期药品、废油漆及其容器、杀虫剂等属于有害垃圾，投放时注意轻放，易破损的请连带包装投放。',
    1,
  ],
  [
    'qa',
    '大件垃圾怎么预约清运',
    ['旧沙发怎么扔', '旧家具谁来收'],
    '旧家具、旧床垫等大件垃圾请向所在小区物业或居委预约，投放到小区大件垃圾堆放点，由区环卫作业单位定期清运。',
    1,
  ],
  [
    'qa',
    '装修垃圾如何处置',
    ['装修垃圾堆哪里', '建筑垃圾清运费'],
    '装修垃圾应袋装后堆放在小区指定的装修垃圾临时堆放点，并向物业申报，由有资质的单位清运，清运费用按本市收费标准收取。',
    1,
  ],
  [
    'qa',
    '定时定点投放时间',
    ['几点可以扔垃圾', '垃圾投放时间'],
    '居住区一般实行定时定点投放，早上 7:00–9:00、晚上 18:00–20:00 为集中投放时段，具体以小区公示为准；错时投放点全天开放。',
    1,
  ],
  [
    'policy',
    '单位生活垃圾处理费收费标准',
    ['单位垃圾费怎么收', '商户垃圾处理费多少钱'],
    '单位产生的生活垃圾按计量收取处理费，湿垃圾与干垃圾分别计价，收费以分为单位结算，可向区绿化市容局收费窗口咨询缴费。',
    1,
  ],
  [
    'qa',
    '垃圾处理费如何缴纳',
    ['垃圾费在哪交', '垃圾处理费发票'],
    '单位生活垃圾处理费可通过银行转账或窗口缴纳，缴费后开具票据；逾期未缴的将收到催缴通知。',
    1,
  ],
  [
    'policy',
    '门前三包责任内容',
    ['门前三包是什么', '三包包哪些'],
    '门前三包指沿街单位和个体工商户对责任区内的市容环境卫生、绿化、秩序负责：包市容整洁、包环境卫生、包秩序良好。',
    3,
  ],
  [
    'qa',
    '门前三包责任区范围',
    ['门前三包管到哪里', '责任区怎么划'],
    '责任区一般为单位门前至人行道外沿，与相邻单位以分界线为界，具体以街道与单位签订的责任书为准。',
    3,
  ],
  [
    'qa',
    '违反门前三包如何处理',
    ['不履行门前三包罚款吗', '商户乱堆放怎么办'],
    '责任人未履行门前三包责任的，由街道或城管执法部门责令改正；拒不改正的依照市容环境卫生管理条例处罚。',
    5,
  ],
  [
    'qa',
    '占道经营怎么投诉',
    ['路边摆摊谁管', '商户占用人行道'],
    '占道经营可拨打 12345 市民服务热线或通过随申办反映，由城管执法部门核查处理。',
    5,
  ],
  [
    'qa',
    '公共厕所开放时间',
    ['公厕几点开门', '晚上厕所开吗'],
    '区内公共厕所一般每日 5:00 至 23:00 开放，部分重点区域公厕 24 小时开放，具体以门口公示为准。',
    1,
  ],
  ['qa', '如何查找附近的公共厕所', ['附近哪里有厕所', '找公厕'], '可在随申办或地图软件搜索"公共厕所"，区内公厕门口设有统一标识和编号。', 1],
  [
    'qa',
    '公共厕所不干净怎么反映',
    ['厕所很脏投诉', '公厕没纸'],
    '发现公厕保洁不到位、设施损坏，可拨打公厕门口公示的监督电话或 12345 反映，环卫作业单位将及时处置。',
    1,
  ],
  [
    'qa',
    '路灯不亮怎么报修',
    ['路灯坏了找谁', '晚上路灯不亮'],
    '道路路灯故障请拨打 12345 或通过随申办报修，说明路名和附近门牌号；景观灯光故障由区绿化市容局景观灯光管理部门处置。',
    3,
  ],
  [
    'qa',
    '景观灯光开启时间',
    ['景观灯几点亮', '节假日亮灯时间'],
    '景观灯光平日一般于日落后开启、22:00 关闭，节假日和重大活动期间按亮化保障方案延长。',
    3,
  ],
  [
    'qa',
    '书报亭申请设置',
    ['想开书报亭', '报亭怎么申请'],
    '书报亭的设置由区绿化市容局会同相关部门统一规划，申请人可向局市容景观科咨询设置条件和申请材料。',
    3,
  ],
  [
    'qa',
    '书报亭可以经营哪些商品',
    ['报亭能卖饮料吗', '书报亭经营范围'],
    '书报亭以销售报刊为主，可兼营少量便民商品，不得超范围经营、不得在亭外堆放物品。',
    3,
  ],
  [
    'qa',
    '户外广告设置审批',
    ['店招需要审批吗', '挂广告牌要申请吗'],
    '设置户外广告和店招店牌应符合区户外广告设施设置规划，按规定向区绿化市容局申请审批。',
    3,
  ],
  ['qa', '乱张贴小广告怎么举报', ['小广告投诉', '墙上贴广告'], '乱张贴、乱涂写小广告可拨打 12345 举报，由城管执法部门查处并清除。', 5],
  [
    'qa',
    '行道树修剪',
    ['树枝挡住窗户', '树太高要修剪'],
    '行道树遮挡窗户或影响安全的，可拨打 12345 反映，由区绿化管理部门评估后安排修剪。',
    2,
  ],
  [
    'qa',
    '树木倒伏怎么办',
    ['台风把树吹倒了', '大树倒了压车'],
    '树木倒伏影响通行或安全的，请立即拨打 12345 或 110，绿化抢险队伍将及时清理。',
    2,
  ],
  ['qa', '砍伐迁移树木审批', ['小区的树能砍吗', '移树要审批吗'], '砍伐、迁移树木须依法向区绿化管理部门申请许可，擅自砍伐的将依法处罚。', 2],
  ['qa', '道路保洁时间', ['马路什么时候扫', '道路不干净'], '主要道路实行全天候保洁，每日早晚两次普扫，其余时间巡回保洁。', 1],
  [
    'qa',
    '犬只粪便不清理怎么办',
    ['遛狗不捡狗屎', '狗粪便'],
    '携犬出户应及时清除犬只粪便，未清除的可由城管执法部门依法处理，可拨打 12345 反映。',
    5,
  ],
  [
    'qa',
    '餐厨废弃油脂处置',
    ['地沟油怎么管', '餐馆废油谁收'],
    '餐饮单位产生的废弃油脂应交由有资质的收运单位收运，并签订收运合同、做好台账。',
    1,
  ],
  [
    'matter',
    '城市生活垃圾经营性清扫收集运输服务许可',
    ['垃圾清运公司要什么许可', '清运许可证'],
    '从事生活垃圾经营性清扫、收集、运输的单位，须向区绿化市容局申请服务许可，提交车辆、人员、管理制度等材料。',
    1,
  ],
  [
    'qa',
    '可回收物去哪里交',
    ['废纸卖给谁', '旧衣服回收'],
    '可回收物可投放到小区可回收物箱，或交到"两网融合"回收服务点，部分回收点可兑换积分。',
    1,
  ],
  [
    'qa',
    '绿化带被占用毁坏怎么办',
    ['绿地被停车', '有人挖绿化'],
    '占用、毁坏公共绿地的，可拨打 12345 反映，绿化管理部门将责令恢复并依法处理。',
    2,
  ],
];

const STREETS = [
  '华阳路街道',
  '江苏路街道',
  '新华路街道',
  '周家桥街道',
  '天山路街道',
  '仙霞新村街道',
  '虹桥街道',
  '程家桥街道',
  '北新泾街道',
  '新泾镇',
];

/** Entries of the same shape for each street (their answers differ by street and number). */
function streetEntries(): Seed[] {
  return STREETS.flatMap((street, i): Seed[] => [
    [
      'qa',
      `${street}湿垃圾错时投放点`,
      [`${street}晚上哪里扔垃圾`],
      `${street}设有 ${3 + (i % 4)} 处错时投放点，开放时间为 9:00 至 18:00，具体位置见各居委公示。`,
      7,
    ],
    [
      'qa',
      `${street}公共厕所分布`,
      [`${street}哪里有公厕`],
      `${street}辖区共有公共厕所 ${6 + (i % 5)} 座，主要分布在主干道沿线和公园周边。`,
      7,
    ],
    [
      'qa',
      `${street}门前三包责任书签订`,
      [`${street}商户怎么签三包责任书`],
      `${street}沿街商户可到街道城运中心或网格工作站签订门前三包责任书，需带营业执照。`,
      7,
    ],
    [
      'qa',
      `${street}大件垃圾堆放点`,
      [`${street}旧家具放哪`],
      `${street}各小区均设大件垃圾堆放点，每周${['一', '二', '三', '四', '五'][i % 5]}集中清运。`,
      7,
    ],
  ]);
}

export function demoEntries(): EntryInput[] {
  return [...CORE_ENTRIES, ...streetEntries()].map(([type, title, questions, answer, department]) => ({
    type,
    title,
    questions,
    answer,
    departmentId: department,
    sourceKind: 'manual',
    sourceRef: '演示数据（依据本市通行做法编写，非正式文本）',
  }));
}

/** Publishes the demonstration entries into an empty knowledge base; returns how many. */
export async function seedKnowledge(db: Kysely<Database>, knowledge: KnowledgeService): Promise<number> {
  const any = await db.selectFrom('knowledge_entries').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const entries = demoEntries();
  for (const input of entries) {
    const { entryId, version } = await knowledge.create(input, SYSTEM_ACTOR, { synthetic: true });
    await knowledge.propose(entryId, version, SYSTEM_ACTOR);
    await knowledge.decide(
      entryId,
      version,
      { approve: true, checklist: { truthful: true, complete: true, safe: true, legitimateSource: true }, note: '演示数据' },
      SYSTEM_ACTOR,
    );
  }
  return entries.length;
}
