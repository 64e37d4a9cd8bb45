/**
 * Reads the doorplate out of a Shanghai street address: the street name and its house number. Text only, no
 * geometry: "法华镇路457弄8号楼106室" → 法华镇路 / 457 (the lane 弄 is the number on the road; what follows is
 * inside the lane).
 *
 * The street is whatever the number is counted along: a road (…路/街/道/巷) or, in Shanghai's older estates, a
 * numbered 新村 (…村), which carries its own doorplate numbers: "天山西路新泾一村144号" → 新泾一村 / 144, on 天山西路.
 */

export interface ParsedAddress {
  /** The street the house number is counted along: a road (…路/街/道/巷) or a numbered estate (…村). */
  road: string | null;
  /** The number on that street: its 号, or its lane number when the address goes on into a 弄. */
  houseNumber: number | null;
  /** The road an estate lies on, when the address names both ("天山西路新泾一村144号" → 天山西路). */
  onRoad: string | null;
}

const HAN_RUN = /[\u3400-\u9fff]+/g;
/**
 * One street name inside a run of Chinese characters, up to and including its suffix. 街道 is an administrative
 * area (sub-district), not a street, so neither of its characters ends a name.
 */
const STREET_NAME = /[\u3400-\u9fff]*?(?:路|街(?!道)|(?<!街)道|巷|村)/g;
/** "上海市长宁区", "长宁区" or a bare "长宁" written before a road ("长宁定西路"), but never 长宁路 or 长宁支路 themselves. */
const CITY_PREFIX = /^(?:上海市?)?(?:长宁区|长宁(?!路|支路))?/;
/** A number followed by one of these is a floor or a room, not a doorplate. */
const NOT_A_DOORPLATE = /^(?:楼|层|室|F)/i;

interface StreetName {
  name: string;
  /** Index just after the name in the normalised text. */
  end: number;
}

/** Full-width digits and punctuation become ASCII (NFKC); spaces carry nothing. */
function normalise(address: string): string {
  return address.normalize('NFKC').replace(/\s+/g, '').replace(CITY_PREFIX, '');
}

/** The street names of one run of Chinese characters, in order; a name must have at least one character before its suffix. */
function streetNamesIn(run: string, runStart: number): StreetName[] {
  const names: StreetName[] = [];
  for (const match of run.matchAll(STREET_NAME)) {
    if (match[0].length >= 2) names.push({ name: match[0], end: runStart + (match.index ?? 0) + match[0].length });
  }
  return names;
}

/** Parses a Chinese street address; parts it cannot find are null. Throws only when given something not a string. */
export function parseAddress(address: string): ParsedAddress {
  if (typeof address !== 'string') throw new TypeError(`address must be a string, got ${typeof address}`);
  const text = normalise(address);
  let firstStreet: string | null = null;

  for (const run of text.matchAll(HAN_RUN)) {
    const runStart = run.index ?? 0;
    const names = streetNamesIn(run[0], runStart);
    if (names.length === 0) continue;
    firstStreet ??= names[0].name;

    // The doorplate is a street name that ends the run and is followed at once by its number.
    const last = names[names.length - 1];
    const runEnd = runStart + run[0].length;
    if (last.end !== runEnd) continue;
    const number = /^(\d+)/.exec(text.slice(runEnd));
    if (!number) continue;
    if (NOT_A_DOORPLATE.test(text.slice(runEnd + number[1].length))) continue;
    return {
      road: last.name,
      houseNumber: Number(number[1]),
      onRoad: names.length > 1 ? names[names.length - 2].name : null,
    };
  }
  return { road: firstStreet, houseNumber: null, onRoad: null };
}
