/**
 * Chinese word segmentation for the knowledge base: ICU's dictionary segmenter (Node's built-in Intl.Segmenter),
 * measured on the bureau's phrases — it splits 垃圾分类 into 垃圾|分类 (good) but 门前三包 into 门前|三|包 — so a short
 * list of the bureau's own compound terms is re-joined after it, keeping the parts too so that 三包 still matches.
 */

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Terms of the bureau that ICU splits too finely; each is kept whole as well as in its parts. */
export const COMPOUND_TERMS: readonly string[] = [
  '门前三包',
  '垃圾分类',
  '湿垃圾',
  '干垃圾',
  '可回收物',
  '有害垃圾',
  '大件垃圾',
  '建筑垃圾',
  '装修垃圾',
  '责任区',
  '公共厕所',
  '景观灯',
  '书报亭',
  '占道经营',
  '乱张贴',
  '行道树',
];

/** Words that carry no meaning for search (question words, particles). */
const STOP_WORDS = new Set([
  '的',
  '了',
  '吗',
  '呢',
  '吧',
  '啊',
  '么',
  '是',
  '在',
  '有',
  '和',
  '与',
  '及',
  '或',
  '我',
  '你',
  '他',
  '她',
  '它',
  '我们',
  '怎么',
  '怎么办',
  '怎样',
  '如何',
  '什么',
  '哪里',
  '哪儿',
  '哪些',
  '哪个',
  '可以',
  '能',
  '能否',
  '请问',
  '一下',
  '要',
  '会',
  '吗',
  '这',
  '那',
  '个',
  '就',
  '都',
  '也',
  '还',
  '对',
  '把',
  '被',
  '让',
  '给',
  '从',
  '到',
  '为',
  '以',
  '等',
  '并',
  'the',
  'a',
  'an',
  'of',
  'to',
  'and',
  'or',
  'is',
  'in',
]);

const maxCompound = Math.max(...COMPOUND_TERMS.map((t) => t.length));
const compounds = new Set(COMPOUND_TERMS);

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The words of a text, in order, for indexing and querying (stop words dropped, compounds added). */
export function segment(text: string): string[] {
  const words: string[] = [];
  for (const s of segmenter.segment(normalize(text))) if (s.isWordLike) words.push(s.segment);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    // Re-join a run of short words that forms a compound term of the bureau.
    let joined = '';
    for (let j = i; j < words.length && joined.length < maxCompound; j++) {
      joined += words[j];
      if (j > i && compounds.has(joined)) out.push(joined);
    }
    if (!STOP_WORDS.has(words[i])) out.push(words[i]);
  }
  return out;
}

/** Term frequencies of a text. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of segment(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}
