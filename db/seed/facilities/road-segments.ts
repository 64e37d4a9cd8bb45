/**
 * Sanitation road segments (道路保洁 segments): the major roads inside each sub-district cut into pieces of
 * equal length, each with a cleaning grade. These lines are also what the vehicles' routes can follow.
 */
import { cutLineIntoPieces, lineLengthMeters } from '@/geo/lines';
import type { Random } from '@/geo/random';
import type { RoadStretch, SeedContext } from '../context';
import { sequenceCode } from '../placement';
import { lineGeometry, type PlannedFacility } from './planned-facility';

export const ROAD_SEGMENT_TARGET = 400;

type CleaningGrade = '一级' | '二级' | '三级';

/** Trunk roads are cleaned to the first grade; short local pieces mostly to the second or third. */
function gradeFor(stretch: RoadStretch, random: Random): CleaningGrade {
  if (stretch.kind === 'expressway') return '一级';
  if (stretch.scope === 'major') return random.pickWeighted<CleaningGrade>(['一级', '二级'], [0.7, 0.3]);
  return random.pickWeighted<CleaningGrade>(['二级', '三级'], [0.6, 0.4]);
}

export function planRoadSegments(context: SeedContext, random: Random): PlannedFacility[] {
  const totalLength = context.subDistricts.reduce((sum, sub) => sum + sub.roadStretches.reduce((s, r) => s + r.lengthMeters, 0), 0);
  const pieceMeters = totalLength / ROAD_SEGMENT_TARGET;
  const segments: PlannedFacility[] = [];
  for (const sub of context.subDistricts) {
    let numberInSub = 0;
    for (const stretch of sub.roadStretches) {
      const grade = gradeFor(stretch, random);
      for (const piece of cutLineIntoPieces(stretch.line, pieceMeters)) {
        numberInSub++;
        segments.push({
          kind: 'road_segment',
          code: sequenceCode('SEG', segments.length + 1),
          name: `${stretch.name}·${sub.shortName}段${String(numberInSub).padStart(2, '0')}`,
          address: stretch.name,
          subDistrictCode: sub.code,
          status: random.pickWeighted(['clean', 'due', 'cleaning'], [0.8, 0.15, 0.05]),
          attrs: { road: stretch.name, cleaning_grade: grade, length_m: Math.round(lineLengthMeters(piece)) },
          synthetic: true,
          geocodeQuality: null,
          geometry: lineGeometry(piece),
        });
      }
    }
  }
  return segments;
}
