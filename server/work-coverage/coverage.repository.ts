/**
 * The SQL of 作业覆盖 (issue 15 part 5), set-based over the one position history. Both reads start from the few
 * things measured (road segments, transfer stations) and probe unit_positions_geom_idx (GiST) around each, pruned
 * to the day's partition, so a day of 1 Hz tracks is never scanned whole. Distances and buffers are computed in a
 * local metric plane (degrees scaled by METRES_PER_DEGREE), which needs no projection support in the database.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { type CoverageRule, degreesCovering, METRES_PER_DEGREE } from '@/domain/work-coverage/coverage-rule';

const KX = METRES_PER_DEGREE.lng;
const KY = METRES_PER_DEGREE.lat;
/** How finely a segment's covered share is measured: one point every this many metres along it. */
const SAMPLE_M = 5;

export interface SegmentCoverageRow {
  id: number;
  code: string;
  name: string;
  grade: string;
  lengthM: number;
  share: number;
  firstAt: Date | null;
  lastAt: Date | null;
  units: string[] | null;
}

/** Every road segment with the share of its length worked by sweepers and washers at working speed in [from, to). */
export async function segmentCoverage(db: Kysely<Database>, from: Date, to: Date, rule: CoverageRule): Promise<SegmentCoverageRow[]> {
  const probe = degreesCovering(rule.bufferM * 2);
  const maxMps = rule.maxSpeedKmh / 3.6;
  const { rows } = await sql<SegmentCoverageRow>`
    WITH lines AS (
      SELECT f.id, f.code, f.name, COALESCE(f.attrs->>'cleaning_grade', '') AS grade, f.geom,
             CASE WHEN ST_GeometryType(f.geom) = 'ST_LineString' THEN f.geom ELSE ST_LineMerge(f.geom) END AS line
      FROM facilities f WHERE f.kind = 'road_segment' AND f.retired_at IS NULL
    ),
    segs AS (
      -- A segment that is not one line (an imported multi-part road that does not join up) is not measured.
      SELECT id, code, name, grade, geom, ST_Scale(line, ${KX}::float8, ${KY}::float8) AS plane
      FROM lines WHERE ST_GeometryType(line) = 'ST_LineString'
    ),
    near AS (
      -- Each fix is put in the metric plane once, here.
      SELECT s.id AS seg_id, h.unit_id, u.name AS unit_name, h.recorded_at,
             ST_Scale(h.geom, ${KX}::float8, ${KY}::float8) AS at
      FROM segs s
      JOIN unit_positions h ON ST_DWithin(h.geom, s.geom, ${probe}::float8)
      JOIN units u ON u.id = h.unit_id AND u.kind IN ('sweeper', 'washer')
      WHERE h.recorded_at >= ${from.toISOString()}::timestamptz AND h.recorded_at < ${to.toISOString()}::timestamptz
    ),
    steps AS (
      SELECT seg_id, unit_name, recorded_at, at, lag(at) OVER w AS prev, lag(recorded_at) OVER w AS prev_at
      FROM near WINDOW w AS (PARTITION BY seg_id, unit_id ORDER BY recorded_at)
    ),
    pieces AS (
      SELECT seg_id, unit_name, prev_at, recorded_at, ST_MakeLine(prev, at) AS plane
      FROM steps
      WHERE prev IS NOT NULL
        AND recorded_at - prev_at <= make_interval(secs => ${rule.maxGapS})
        AND ST_Distance(prev, at) <= ${maxMps}::float8 * extract(epoch FROM recorded_at - prev_at)
    ),
    worked AS (
      SELECT seg_id, ST_Collect(plane) AS tracks, min(prev_at) AS first_at, max(recorded_at) AS last_at,
             array_agg(DISTINCT unit_name ORDER BY unit_name) AS units
      FROM pieces GROUP BY seg_id
    )
    -- The share is measured at points every SAMPLE_M metres along the segment (distance tests only: an overlay of
    -- buffers, ST_Intersection, can fail on GEOS topology errors, and PGlite then returns no rows at all).
    SELECT s.id, s.code, s.name, s.grade, ST_Length(s.plane)::float8 AS "lengthM", COALESCE(c.share, 0)::float8 AS share,
           w.first_at AS "firstAt", w.last_at AS "lastAt", w.units
    FROM segs s
    LEFT JOIN worked w ON w.seg_id = s.id
    LEFT JOIN LATERAL (
      SELECT avg(CASE WHEN ST_DWithin(ST_LineInterpolatePoint(s.plane, i::float8 / n.k), w.tracks, ${rule.bufferM}::float8)
                      THEN 1 ELSE 0 END)::float8 AS share
      FROM (SELECT GREATEST(1, ceil(ST_Length(s.plane) / ${SAMPLE_M}))::int AS k) n, generate_series(0, n.k) i
      WHERE w.tracks IS NOT NULL
    ) c ON true
    ORDER BY s.code`.execute(db);
  return rows;
}

export interface StationTripRow {
  stationCode: string;
  stationName: string;
  unitName: string;
  arrivedAt: Date;
  leftAt: Date;
}

/** Compactors' stops of at least minStopS within stationRadiusM of a transfer station in [from, to). */
export async function stationTrips(db: Kysely<Database>, from: Date, to: Date, rule: CoverageRule): Promise<StationTripRow[]> {
  const { rows } = await sql<StationTripRow>`
    WITH near AS (
      SELECT st.code AS station_code, st.name AS station_name, u.name AS unit_name, h.unit_id, st.id AS station_id, h.recorded_at
      FROM facilities st
      JOIN unit_positions h ON ST_DWithin(h.geom, st.geom, ${degreesCovering(rule.stationRadiusM)}::float8)
      JOIN units u ON u.id = h.unit_id AND u.kind = 'compactor'
      WHERE st.kind = 'transfer_station' AND st.retired_at IS NULL
        AND h.recorded_at >= ${from.toISOString()}::timestamptz AND h.recorded_at < ${to.toISOString()}::timestamptz
        AND ST_Distance(ST_Scale(h.geom, ${KX}::float8, ${KY}::float8), ST_Scale(st.geom, ${KX}::float8, ${KY}::float8))
            <= ${rule.stationRadiusM}::float8
    ),
    marked AS (
      SELECT *, CASE WHEN recorded_at - lag(recorded_at) OVER w <= make_interval(secs => ${rule.maxGapS}) THEN 0 ELSE 1 END AS starts
      FROM near WINDOW w AS (PARTITION BY station_id, unit_id ORDER BY recorded_at)
    ),
    visits AS (
      SELECT *, sum(starts) OVER (PARTITION BY station_id, unit_id ORDER BY recorded_at) AS visit FROM marked
    )
    SELECT station_code AS "stationCode", station_name AS "stationName", unit_name AS "unitName",
           min(recorded_at) AS "arrivedAt", max(recorded_at) AS "leftAt"
    FROM visits
    GROUP BY station_code, station_name, unit_name, station_id, unit_id, visit
    HAVING max(recorded_at) - min(recorded_at) >= make_interval(secs => ${rule.minStopS})
    ORDER BY min(recorded_at), station_code, unit_name`.execute(db);
  return rows;
}
