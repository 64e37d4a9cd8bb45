import { describe, expect, it } from 'vitest';
import { parseAddress } from './address';

describe('parseAddress', () => {
  it.each([
    ['娄山关路500号', '娄山关路', 500],
    ['凯旋路1522号一楼大堂', '凯旋路', 1522],
    ['法华镇路457弄8号楼106室', '法华镇路', 457],
    ['友乐路299号2号楼一楼大厅', '友乐路', 299],
    ['富贵东道99号', '富贵东道', 99],
    ['中山西路1030弄51号', '中山西路', 1030],
    ['虹古路377弄30支弄18号103-104室', '虹古路', 377],
    ['长宁路1553-1555号', '长宁路', 1553],
    ['仙霞路299(裙楼)、317(B)、319号(A)', '仙霞路', 299],
    ['长宁支路176号202室', '长宁支路', 176],
    ['陈家巷12号', '陈家巷', 12],
    ['南京西街8号', '南京西街', 8],
  ])('%s → %s / %d', (address, road, houseNumber) => {
    expect(parseAddress(address)).toMatchObject({ road, houseNumber });
  });

  it('counts an estate’s own doorplate numbers along the estate, and keeps the road it lies on', () => {
    expect(parseAddress('天山西路新泾一村144号')).toEqual({ road: '新泾一村', houseNumber: 144, onRoad: '天山西路' });
    expect(parseAddress('天山二村64号乙')).toEqual({ road: '天山二村', houseNumber: 64, onRoad: null });
    expect(parseAddress('机场新村97号101室')).toMatchObject({ road: '机场新村', houseNumber: 97 });
  });

  it('drops the city and district written before the road, but not the roads named after the district', () => {
    expect(parseAddress('长宁定西路710弄20号')).toMatchObject({ road: '定西路', houseNumber: 710 });
    expect(parseAddress('上海市长宁区天山路641号')).toMatchObject({ road: '天山路', houseNumber: 641 });
    expect(parseAddress('长宁路88号一楼大堂')).toMatchObject({ road: '长宁路', houseNumber: 88 });
  });

  it('reads past labels and full-width characters', () => {
    expect(parseAddress('荣华三期：黄金城道688弄10号2楼')).toMatchObject({ road: '黄金城道', houseNumber: 688 });
    expect(parseAddress('延安西路７２８号')).toMatchObject({ road: '延安西路', houseNumber: 728 });
  });

  it('does not take a sub-district (街道) for a street', () => {
    expect(parseAddress('北新泾街道社区事务受理服务中心')).toEqual({ road: null, houseNumber: null, onRoad: null });
  });

  it('knows the road without a number when none follows it, and nothing when there is no road', () => {
    expect(parseAddress('红宝石路古北路口')).toEqual({ road: '红宝石路', houseNumber: null, onRoad: null });
    expect(parseAddress('临空建滔广场合景昕舍10号楼1楼')).toEqual({ road: null, houseNumber: null, onRoad: null });
    expect(parseAddress('')).toEqual({ road: null, houseNumber: null, onRoad: null });
  });

  it('does not read a floor as a house number', () => {
    expect(parseAddress('茅台路3楼')).toEqual({ road: '茅台路', houseNumber: null, onRoad: null });
  });

  it('refuses what is not a string', () => {
    expect(() => parseAddress(42 as unknown as string)).toThrow(/must be a string/);
  });
});
