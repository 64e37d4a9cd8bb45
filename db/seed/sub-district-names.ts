/** English (pinyin) names of Changning's 10 街道/镇, keyed by their 9-digit statistical code. */
export const SUB_DISTRICT_NAMES_EN: Readonly<Record<string, string>> = {
  '310105001': 'Huayang Road Subdistrict',
  '310105002': 'Jiangsu Road Subdistrict',
  '310105004': 'Xinhua Road Subdistrict',
  '310105005': 'Zhoujiaqiao Subdistrict',
  '310105006': 'Tianshan Road Subdistrict',
  '310105008': 'Xianxia Xincun Subdistrict',
  '310105009': 'Hongqiao Subdistrict',
  '310105010': 'Chengjiaqiao Subdistrict',
  '310105011': 'Beixinjing Subdistrict',
  '310105102': 'Xinjing Town',
};

/** "华阳路街道" → "华阳路", "新泾镇" → "新泾": the short form used in depot and segment names. */
export function shortSubDistrictName(name: string): string {
  return name.replace(/(街道|镇)$/, '');
}
