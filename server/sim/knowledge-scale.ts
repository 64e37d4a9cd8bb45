/**
 * Scales the demonstration knowledge base to benchmark size (issue 13: 40,000 entries priced) with planted
 * near-duplicates whose pairs are known, so the duplicate check's precision and recall can be measured.
 * Deterministic for a seed; every entry is marked synthetic. An entry is about one subject of the bureau's work
 * (about 60) under one aspect (about 25: 办理流程, 收费标准, 投诉渠道 …), often at one place (200), with an answer
 * of sentences built from pools of materials, requirements, departments and time limits plus one of the demo
 * entries' own clauses: titles and texts vary as in a real base (a few thousand distinct terms, common ones in
 * many entries, most in few) rather than 40,000 rewordings of the demo titles; two unrelated entries share
 * little text, and a planted copy differs from its original by a small edit, as near-copies from different
 * sources do.
 */
import { createRandom, type Random } from '@/geo/random';
import type { KnowledgeService } from '@/server/knowledge/knowledge.service';
import type { EntryInput } from '@/server/knowledge/knowledge.schemas';
import { demoEntries } from './knowledge-seed';

export const SYNTHETIC_SOURCE = '合成数据（规模测试生成，非真实内容）';

const PLACE_STEMS = [
  '长宁',
  '仙霞',
  '天山',
  '古北',
  '虹桥',
  '华阳',
  '新泾',
  '程家桥',
  '遵义',
  '茅台',
  '娄山关',
  '延安',
  '安顺',
  '中山',
  '剑河',
  '哈密',
  '水城',
  '番禺',
  '愚园',
  '法华',
];
const PLACE_KINDS = ['一村', '二村', '新村', '花园', '小区', '公寓', '苑', '大楼', '商业街', '菜市场'];
const EDITS = [
  '请以最新公告为准',
  '详情可咨询所在街道',
  '本条内容定期复核',
  '如有变化另行通知',
  '可通过随申办查询进度',
  '节假日安排另行公布',
];

const SUBJECTS = [
  '共享单车',
  '电动自行车',
  '充电桩',
  '油烟净化器',
  '店招店牌',
  '户外广告',
  '窨井盖',
  '消火栓',
  '人行道护栏',
  '绿化带',
  '古树名木',
  '雨水管道',
  '化粪池',
  '垃圾箱房',
  '沿街商铺',
  '夜间施工',
  '渣土车',
  '建筑工地',
  '违法搭建',
  '群租房',
  '空调外机',
  '晾衣架',
  '噪声扰民',
  '宠物犬',
  '流浪猫',
  '小广告',
  '路灯',
  '人行天桥',
  '河道',
  '公交站亭',
  '停车位',
  '非机动车棚',
  '快递驿站',
  '早餐摊点',
  '便民服务点',
  '街头绿地',
  '口袋公园',
  '健身步道',
  '无障碍通道',
  '加装电梯',
  '外墙脱落',
  '雨棚',
  '防盗窗',
  '地下车库',
  '消防通道',
  '废品回收站',
  '旧衣回收箱',
  '餐厨废弃油脂',
  '园林垃圾',
  '道路积水',
  '行道树修剪',
  '户外灯箱',
  '临时占道',
  '施工围挡',
  '架空线',
  '井盖缺失',
  '城市家具',
  '广场舞',
  '露天烧烤',
  '跨门营业',
];
const ASPECTS = [
  '申请条件',
  '办理流程',
  '所需材料',
  '收费标准',
  '投诉渠道',
  '整改要求',
  '处罚依据',
  '检查要点',
  '管理规定',
  '审批时限',
  '维护责任',
  '报修方式',
  '设置规范',
  '登记手续',
  '验收标准',
  '安全要求',
  '开放时间',
  '预约方式',
  '变更手续',
  '注销办理',
  '年度检查',
  '备案要求',
  '补贴政策',
  '清运安排',
  '巡查频次',
];
const ASK = ['是什么', '有哪些', '怎么办理', '找谁', '去哪里问', '要多久', '有什么规定', '需要注意什么'];
const MATERIALS = [
  '身份证复印件',
  '营业执照副本',
  '房屋产权证明',
  '租赁合同',
  '申请表',
  '现场照片',
  '设计图纸',
  '施工方案',
  '安全承诺书',
  '委托书',
  '物业同意书',
  '业主委员会意见',
  '消防验收意见',
  '环评批复',
  '检测报告',
  '保险单',
  '资质证书',
  '平面示意图',
  '费用缴纳凭证',
  '整改报告',
];
const REQUIREMENTS = [
  '保持整洁完好',
  '不得占用消防通道',
  '定期清洗维护',
  '设置明显警示标志',
  '按时清运',
  '不得影响行人通行',
  '夜间不得施工',
  '落实专人管理',
  '做好台账记录',
  '接受执法检查',
  '按规定缴纳费用',
  '张贴公示信息',
  '采取降尘措施',
  '封闭运输',
  '限时整改到位',
  '与居民事先沟通',
  '不得私拉电线',
  '安装防护设施',
  '及时修复破损',
  '遵守作息时间',
];
const OFFICES = [
  '街道城管中队',
  '区绿化市容局',
  '区城管执法局',
  '区房管局',
  '居委会',
  '物业服务企业',
  '街道网格中心',
  '区市容环境卫生管理所',
  '区建管委',
  '街道社区事务受理服务中心',
];
const CHANNELS = ['拨打12345市民服务热线', '通过随申办提交', '到街道社区事务受理服务中心窗口', '向所在居委会反映', '登录一网通办'];

function formalAnswer(random: Random, subject: string, aspect: string, place: string): string {
  const parts = [
    `${subject}的${aspect}由${random.pick(OFFICES)}负责解释`,
    `申请人应当提交${random.pick(MATERIALS)}、${random.pick(MATERIALS)}和${random.pick(MATERIALS)}`,
    `${subject}应当${random.pick(REQUIREMENTS)}，并${random.pick(REQUIREMENTS)}`,
    `办理时限为${random.int(3, 30)}个工作日`,
    `群众可${random.pick(CHANNELS)}`,
    `${place}范围内每${random.pick(['周', '月', '季度'])}巡查${random.int(1, 6)}次`,
  ];
  return `${random.shuffle(parts).slice(0, random.int(3, 5)).join('；')}。`;
}

/** An entry input with every text field filled, as the duplicate check takes it. */
export type ScaledInput = EntryInput & Required<Pick<EntryInput, 'questions' | 'answer' | 'body'>>;

/** A generated entry and the family it belongs to: an original and its planted near-copies share one family. */
export interface ScaledEntry {
  input: ScaledInput;
  family: number;
}

export interface ScaledCorpus {
  entries: ScaledEntry[];
  /** Index pairs [original, near-copy] into `entries`. */
  planted: Array<[number, number]>;
}

interface Material {
  topics: Array<{ type: EntryInput['type']; title: string; questions: string[]; departmentId: number | null | undefined }>;
  clauses: string[];
  places: string[];
}

function material(): Material {
  const demo = demoEntries();
  const clauses = new Set<string>();
  for (const e of demo) for (const c of (e.answer ?? '').split(/[，。；]/)) if (c.trim().length >= 4) clauses.add(c.trim());
  return {
    topics: demo.map((e) => ({ type: e.type, title: e.title, questions: e.questions ?? [], departmentId: e.departmentId })),
    clauses: [...clauses],
    places: PLACE_STEMS.flatMap((s) => PLACE_KINDS.map((k) => s + k)),
  };
}

function sentence(random: Random, clauses: readonly string[], count: number): string {
  return `${Array.from({ length: count }, () => random.pick(clauses)).join('，')}。`;
}

function freshEntry(random: Random, m: Material, serial: number): ScaledInput {
  const place = random.pick(m.places);
  // One in ten entries rewords a demo topic at a place (the demo entries compete with their own kind); the rest
  // are about one of the generated subjects and aspects.
  if (random.chance(0.1)) {
    const topic = random.pick(m.topics);
    return {
      type: topic.type,
      title: `${place}${topic.title}`,
      questions: [`${place}${random.pick(topic.questions.length ? topic.questions : [topic.title])}`],
      answer: `${sentence(random, m.clauses, random.int(2, 3))}${place}服务点电话 6${String(random.int(0, 9_999_999)).padStart(7, '0')}。`,
      body: `${formalAnswer(random, topic.title, random.pick(ASPECTS), place)}编号 ZK${serial}。`,
      departmentId: topic.departmentId,
      tags: ['合成'],
      sourceKind: 'import',
      sourceRef: SYNTHETIC_SOURCE,
    };
  }
  const subject = random.pick(SUBJECTS);
  const aspect = random.pick(ASPECTS);
  const local = random.chance(0.6);
  return {
    type: random.pick(['qa', 'matter', 'policy', 'material', 'form'] as const),
    title: `${local ? place : ''}${subject}${aspect}`,
    questions: [`${local ? place : ''}${subject}${random.pick(ASK)}`, `${subject}的${aspect}${random.pick(ASK)}`],
    answer: `${formalAnswer(random, subject, aspect, place)}${sentence(random, m.clauses, 1)}`,
    body: `${formalAnswer(random, subject, random.pick(ASPECTS), place)}编号 ZK${serial}。`,
    departmentId: random.int(1, 7),
    tags: ['合成', subject],
    sourceKind: 'import',
    sourceRef: SYNTHETIC_SOURCE,
  };
}

/** A near-copy as another source would word it: one sentence added and the title marked, the rest unchanged. */
export function nearCopy(random: Random, original: ScaledInput): ScaledInput {
  return {
    ...original,
    title: `${original.title}（${random.pick(['转载', '更新', '汇编', '摘录'])}）`,
    answer: `${original.answer}${random.pick(EDITS)}。`,
  };
}

/**
 * `count` entries, of which about `plantedShare` are near-copies of an earlier entry. Families are numbered from
 * `firstFamily`, so two corpora from different seeds can be told apart.
 */
export function generateScaledCorpus(options: {
  count: number;
  seed: number | string;
  plantedShare?: number;
  firstFamily?: number;
}): ScaledCorpus {
  const random = createRandom(options.seed);
  const m = material();
  const share = options.plantedShare ?? 0.02;
  const firstFamily = options.firstFamily ?? 0;
  const entries: ScaledEntry[] = [];
  const planted: Array<[number, number]> = [];
  for (let i = 0; i < options.count; i++) {
    if (i > 0 && random.chance(share)) {
      const original = random.int(0, i - 1);
      planted.push([original, i]);
      entries.push({ input: nearCopy(random, entries[original].input), family: entries[original].family });
    } else {
      entries.push({ input: freshEntry(random, m, firstFamily + i), family: firstFamily + i });
    }
  }
  return { entries, planted };
}

/**
 * An import of `count` entries checked against `corpus`: `copyShare` of them are near-copies of corpus entries
 * (their family says which), the rest new.
 */
export function generateImport(corpus: ScaledCorpus, options: { count: number; seed: number | string; copyShare: number }): ScaledEntry[] {
  const random = createRandom(options.seed);
  const fresh = generateScaledCorpus({ count: options.count, seed: `${options.seed}:fresh`, plantedShare: 0, firstFamily: 1_000_000_000 });
  return fresh.entries.map((e) => {
    if (!random.chance(options.copyShare)) return e;
    const original = random.pick(corpus.entries);
    return { input: nearCopy(random, original.input), family: original.family };
  });
}

/**
 * Publishes the entries in batches (one transaction each) through the product's own version, signature and
 * index writes; returns the entry ids in the order given.
 */
export async function writeScaledCorpus(
  knowledge: KnowledgeService,
  entries: readonly ScaledEntry[],
  options: { batchSize?: number; onBatch?: (written: number) => void } = {},
): Promise<number[]> {
  const batchSize = options.batchSize ?? 500;
  const ids: number[] = [];
  for (let i = 0; i < entries.length; i += batchSize) {
    ids.push(
      ...(await knowledge.publishReviewed(
        entries.slice(i, i + batchSize).map((e) => e.input),
        { synthetic: true },
      )),
    );
    options.onBatch?.(ids.length);
  }
  return ids;
}
