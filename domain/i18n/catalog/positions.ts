/** The position history (issue 14): period and area errors of the replay reads, and its health as the admin sees it. */
import { defineCatalog } from '../define-catalog';

export const positionsCatalog = defineCatalog(
  {
    'error.positions.periodOrder': '查询时段的结束时间须晚于开始时间',
    'error.positions.periodTooLong': '一次最多查询 8 天的轨迹',
    'error.positions.badArea': '查询区域须为有效的多边形',
    'positions.simulatedTrack': '模拟轨迹',
    'positions.historyFailing': '轨迹写入失败（自 {since}）：{error}',
    'positions.historyDropped': '轨迹缓冲区已满，已丢弃 {count} 条最早的定位',
    'positions.historyHealthy': '轨迹写入正常',
  },
  {
    'error.positions.periodOrder': 'The period must end after it starts',
    'error.positions.periodTooLong': 'At most 8 days of tracks per query',
    'error.positions.badArea': 'The area must be a valid polygon',
    'positions.simulatedTrack': 'Simulated track',
    'positions.historyFailing': 'Track history cannot be written (since {since}): {error}',
    'positions.historyDropped': 'Track history buffer was full: {count} oldest positions dropped',
    'positions.historyHealthy': 'Track history is being written',
  },
);
