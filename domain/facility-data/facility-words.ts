/**
 * How the words in a source file become the product's codes (数据处理 · 统一编码): facility kinds, status words and
 * sub-districts are written many ways in the bureau's ledgers (公厕 / 公共厕所 / WC, 正常 / 在用 / 开放, 华阳路街道 /
 * 华阳路 / 310105001). Each list is matched after normalising (trim, lower case, full-width to half-width, spaces
 * and a trailing 街道/镇 dropped for sub-districts). The kinds and status words the map already names (its message
 * catalogue) are accepted too, so a kind added to the product is recognised without touching this file.
 */

/** Other names each kind goes by in the bureau's ledgers; the catalogue's own names are added by the caller. */
export const KIND_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  toilet: ['公共厕所', '厕所', '公厕', 'wc', 'public toilet', 'toilets'],
  transfer_station: ['垃圾中转站', '中转站', '转运站', '垃圾转运站', '小压站', 'transfer station'],
  light: ['景观灯', '景观照明', '灯光', '路灯', 'landscape light', 'lighting'],
  shop: ['商铺', '沿街商户', '门店', '店铺', 'shop', 'store'],
  occupied_road: ['占道', '占道经营点', '占道点', 'road occupation'],
  road_segment: ['道路', '保洁路段', '路段', 'road', 'street segment'],
  depot: ['停车场', '车辆停放点', '停放场', 'depot', 'yard'],
  kiosk: ['自助终端', '便民终端', '终端', 'kiosk', 'terminal'],
  // Greening and street-furniture kinds (issue 15 part 1).
  park: ['公园', '绿地', '公共绿地', '游园', '街心花园', 'park', 'green space', 'garden'],
  tree: ['树木', '行道树', '古树', '古树名木', 'tree'],
  bench: ['座椅', '长椅', '休闲座椅', 'bench'],
  litter_bin: ['果壳箱', '垃圾桶', '废物箱', '可回收物', '旧衣回收箱', 'litter bin', 'waste basket', 'recycling'],
  fountain: ['喷泉', '景观喷泉', '饮水点', '直饮水', '饮水机', 'drinking water', 'fountain'],
};

/**
 * Status words by the product's status code. `retired` is not a status: a row saying so retires the facility
 * (撤销 / 拆除), which then leaves the map with its record kept.
 */
export const STATUS_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  open: ['开放', '开放中', '营业', '正常开放', 'open'],
  closed: ['关闭', '暂停开放', '停用中', 'closed'],
  cleaning: ['保洁中', '清洁中', 'cleaning'],
  normal: ['正常', '在用', '运行', '良好', '完好', 'normal', 'ok', 'in use'],
  maintenance: ['维修', '维修中', '维护', '维护中', '检修', 'maintenance', 'repair'],
  fault: ['故障', '损坏', '坏', 'fault', 'broken'],
  on: ['亮灯', '开灯', 'on'],
  off: ['熄灯', '关灯', 'off'],
  online: ['在线', 'online'],
  offline: ['离线', 'offline'],
  full: ['满载', '满', 'full'],
  compliant: ['达标', '合格', 'compliant'],
  violation: ['违规', '不合格', 'violation'],
  permitted: ['许可有效', '已许可', 'permitted'],
  expired: ['许可过期', '过期', 'expired'],
  clean: ['已保洁', 'clean'],
  due: ['待保洁', 'due'],
  retired: ['撤销', '已撤销', '拆除', '已拆除', '报废', '注销', '退役', 'retired', 'removed', 'demolished', 'deleted'],
};

/** Each kind's usual status when a row gives none, and the statuses it may have (the map colours these). */
export const KIND_STATUSES: Readonly<Record<string, readonly string[]>> = {
  toilet: ['open', 'cleaning', 'closed', 'maintenance'],
  transfer_station: ['normal', 'full', 'maintenance'],
  light: ['on', 'off', 'fault'],
  shop: ['compliant', 'warned', 'violation'],
  occupied_road: ['permitted', 'expired', 'illegal'],
  road_segment: ['clean', 'due', 'cleaning'],
  depot: ['open', 'closed'],
  kiosk: ['online', 'offline', 'fault'],
  // Surveyed layers without a live state: the map draws them in one colour (components/charts/severity-rows.ts).
  park: ['open', 'closed', 'maintenance'],
  tree: ['normal', 'maintenance'],
  litter_bin: ['normal', 'full', 'fault'],
  bench: ['normal', 'fault'],
  fountain: ['normal', 'maintenance', 'fault'],
};
/** A kind not listed in KIND_STATUSES accepts these. */
export const GENERIC_STATUSES: readonly string[] = ['normal', 'open', 'closed', 'maintenance', 'fault'];

/** Normalised for matching: NFKC (full-width → half-width), lower case, no spaces or punctuation between words. */
export function normaliseWord(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-·.。、,，]+/g, '')
    .trim();
}

/** A word → code lookup from lists of synonyms per code (first one wins on a clash). */
export function wordLookup(lists: Readonly<Record<string, readonly string[]>>, allowed?: readonly string[]): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const [code, words] of Object.entries(lists)) {
    if (allowed && !allowed.includes(code)) continue;
    for (const word of [code, ...words]) {
      const key = normaliseWord(word);
      if (key && !lookup.has(key)) lookup.set(key, code);
    }
  }
  return lookup;
}

/** Sub-district names as written in ledgers: full (华阳路街道), short (华阳路), code (310105001) or English. */
export function subDistrictKeys(area: { code: string; name: string; nameEn: string }): string[] {
  const short = area.name.replace(/(街道|镇)$/, '');
  const en = area.nameEn.replace(/\s*(subdistrict|sub-district|town|street)$/i, '');
  return [area.code, area.name, short, `${short}街道`, area.nameEn, en].map(normaliseWord).filter(Boolean);
}
