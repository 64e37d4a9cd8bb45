/**
 * Invented names for the synthetic inventory: people, shops, vehicle plates. Plausible for Shanghai, made up
 * from common characters; any likeness to a real person or business is chance.
 */
import type { Random } from '@/geo/random';

// Common surnames, Shanghai's frequent ones (沈, 陆, 顾, 钱…) weighted in by repetition.
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜钟陆汪范金石夏方邹孟秦江薛顾毛龚邵钱严戴汤倪施',
  ...'王张陈李周徐朱沈陆顾钱吴',
];
const GIVEN_NAME_CHARACTERS = [
  ...'伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华建国文辉玲红萍斌波宇浩凯鹏俊燕晨婷雪琳佳颖嘉欣倩慧峰海亮成健春梅荣新德志忠勤毅兰菊云飞龙晓永红卫东',
];

const SHOP_WORDS = [
  '鑫源',
  '佳美',
  '华联',
  '明珠',
  '福满',
  '金盛',
  '永和',
  '恒丰',
  '兴隆',
  '瑞祥',
  '顺发',
  '丰泰',
  '安康',
  '如意',
  '吉祥',
  '新源',
  '百合',
  '悦来',
  '老街',
  '阿婆',
  '家乐',
  '万家',
  '好邻居',
  '便民',
  '惠民',
  '同福',
  '德兴',
  '荣华',
  '春风',
  '向阳',
  '天天',
  '益民',
  '利民',
  '康乐',
  '星光',
  '东方',
  '弄堂',
  '老弄堂',
  '小南国',
  '梧桐',
  '石库门',
  '江南',
  '申城',
  '沪上',
  '宏达',
  '金鼎',
  '聚福',
  '满堂',
];
const SHOP_KINDS = [
  '便利店',
  '面馆',
  '水果店',
  '理发店',
  '五金店',
  '药房',
  '烟杂店',
  '干洗店',
  '花店',
  '咖啡馆',
  '早餐店',
  '生鲜超市',
  '文具店',
  '眼镜店',
  '房产中介',
  '快递驿站',
  '小吃店',
  '茶饮店',
  '面包房',
  '点心店',
  '修鞋铺',
  '粮油店',
  '服装店',
  '宠物店',
];
const PLATE_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const PHONE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '158', '177', '186', '189'];

/** A Chinese personal name: surname plus one or two given-name characters. */
export function personName(random: Random): string {
  const given = random.chance(0.7)
    ? random.pick(GIVEN_NAME_CHARACTERS) + random.pick(GIVEN_NAME_CHARACTERS)
    : random.pick(GIVEN_NAME_CHARACTERS);
  return random.pick(SURNAMES) + given;
}

/** A duty contact as the public may see it: surname and title, phone number masked ("王先生 138****5678"). */
export function maskedContact(random: Random): string {
  const title = random.chance(0.5) ? '先生' : '女士';
  return `${random.pick(SURNAMES)}${title} ${random.pick(PHONE_PREFIXES)}****${String(random.int(0, 9999)).padStart(4, '0')}`;
}

/** A street-shop name: a shop-sign word and a trade ("鑫源便利店"). */
export function shopName(random: Random): string {
  return random.pick(SHOP_WORDS) + random.pick(SHOP_KINDS);
}

/** A Shanghai plate in the bureau's style ("沪A·D1234"). Uniqueness is the caller's to keep. */
export function vehiclePlate(random: Random): string {
  return `沪A·${random.pick(PLATE_LETTERS)}${String(random.int(0, 9999)).padStart(4, '0')}`;
}

/** Draws until `draw` gives a value not in `taken`, then records it; gives up loudly rather than loop forever. */
export function uniqueDraw(draw: () => string, taken: Set<string>, attempts = 1000): string {
  for (let i = 0; i < attempts; i++) {
    const value = draw();
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
  throw new Error(`uniqueDraw: no unused value after ${attempts} draws (${taken.size} taken)`);
}
