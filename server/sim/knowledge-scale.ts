/**
 * Scales the demonstration knowledge base to benchmark size (issue 13: 40,000 entries priced) with planted
 * near-duplicates whose pairs are known, so the duplicate check's precision and recall can be measured.
 * Deterministic for a seed; every entry is marked synthetic. Entries are composed of the demo entries' own clauses
 * (topics, places, sentences shuffled), so two unrelated entries share little text, and a planted copy differs from
 * its original by a small edit, as near-copies from different sources do.
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
  const topic = random.pick(m.topics);
  const place = random.pick(m.places);
  return {
    type: topic.type,
    title: `${place}${topic.title}`,
    questions: [`${place}${random.pick(topic.questions.length ? topic.questions : [topic.title])}`],
    answer: `${sentence(random, m.clauses, random.int(3, 5))}${place}服务点电话 6${String(random.int(0, 9_999_999)).padStart(7, '0')}。`,
    body: `${sentence(random, m.clauses, random.int(2, 4))}编号 ZK${serial}。`,
    departmentId: topic.departmentId,
    tags: ['合成'],
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
