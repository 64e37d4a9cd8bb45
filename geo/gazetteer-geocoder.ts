/**
 * The project's own geocoder. It places an address using a gazetteer of real addressed points (road + house
 * number), inside the sub-district the address is known to belong to:
 *   exact             the same road and house number
 *   nearest_number    the same road, the closest house number
 *   road              the road known, no usable number: a gazetteer point on it, else the middle of a mapped road
 *   sub_district_centre  nothing matched: a point on the sub-district's surface
 * Every answer lies inside the named sub-district: a candidate outside it is rejected in favour of the next.
 */
import type { LineString, MultiLineString } from 'geojson';
import { parseAddress } from './address';
import { isInArea, pointOnSurface, type AreaGeometry } from './area';
import { clipLineToArea, lineLengthMeters, pointAlongLine, polylinesOf } from './lines';
import { assertLngLat, type LngLat } from './lnglat';

export type GeocodeQuality = 'exact' | 'nearest_number' | 'road' | 'sub_district_centre';

export interface GeocodeResult {
  lngLat: LngLat;
  quality: GeocodeQuality;
  /** The gazetteer address (or mapped road name) the answer came from; absent for a sub-district centre. */
  matchedAddress?: string;
}

export interface GazetteerEntry {
  address: string;
  lngLat: LngLat;
  /** The parsed doorplate; parsed from `address` when left out. */
  road?: string | null;
  houseNumber?: number | null;
}

export interface SubDistrictArea {
  name: string;
  geometry: AreaGeometry;
}

/** A mapped road line, used when the gazetteer knows a road's name but has no point on it in the sub-district. */
export interface RoadLine {
  name: string;
  geometry: LineString | MultiLineString;
}

export interface GazetteerGeocoderInput {
  entries: readonly GazetteerEntry[];
  subDistricts: readonly SubDistrictArea[];
  roads?: readonly RoadLine[];
}

export type Geocode = (address: string, subDistrictName: string) => GeocodeResult;

interface IndexedEntry {
  address: string;
  lngLat: LngLat;
  houseNumber: number | null;
  order: number;
}

function indexByRoad(entries: readonly GazetteerEntry[]): Map<string, IndexedEntry[]> {
  const byRoad = new Map<string, IndexedEntry[]>();
  entries.forEach((entry, order) => {
    assertLngLat(entry.lngLat, `gazetteer entry ${order} (${entry.address})`);
    const parsed = entry.road === undefined ? parseAddress(entry.address) : { road: entry.road, houseNumber: entry.houseNumber ?? null };
    if (!parsed.road) return;
    const list = byRoad.get(parsed.road) ?? [];
    list.push({ address: entry.address, lngLat: entry.lngLat, houseNumber: parsed.houseNumber, order });
    byRoad.set(parsed.road, list);
  });
  return byRoad;
}

/** Closest number first; on a tie (n−k against n+k) the lower number, then input order, so answers are stable. */
function byNearestNumber(target: number) {
  return (a: IndexedEntry, b: IndexedEntry): number =>
    Math.abs((a.houseNumber ?? 0) - target) - Math.abs((b.houseNumber ?? 0) - target) ||
    (a.houseNumber ?? 0) - (b.houseNumber ?? 0) ||
    a.order - b.order;
}

/** The entry closest to the others (the medoid): a representative point of a road within an area. */
function mostCentral(entries: IndexedEntry[]): IndexedEntry {
  const meanLng = entries.reduce((sum, e) => sum + e.lngLat[0], 0) / entries.length;
  const meanLat = entries.reduce((sum, e) => sum + e.lngLat[1], 0) / entries.length;
  const squaredGap = (e: IndexedEntry) => (e.lngLat[0] - meanLng) ** 2 + (e.lngLat[1] - meanLat) ** 2;
  return entries.reduce((best, e) => (squaredGap(e) < squaredGap(best) ? e : best));
}

/** Builds a geocoder over a gazetteer; the index is built once, so geocoding many addresses is cheap. */
export function createGazetteerGeocoder({ entries, subDistricts, roads = [] }: GazetteerGeocoderInput): Geocode {
  if (subDistricts.length === 0) throw new RangeError('createGazetteerGeocoder: no sub-districts given');
  const areas = new Map(subDistricts.map((s) => [s.name, s.geometry]));
  const byRoad = indexByRoad(entries);
  const centres = new Map<string, LngLat>();

  function onRoadLine(road: string, area: AreaGeometry): LngLat | null {
    const stretches = roads
      .filter((line) => line.name === road)
      .flatMap((line) => polylinesOf(line.geometry))
      .flatMap((line) => clipLineToArea(line, area));
    if (stretches.length === 0) return null;
    const longest = stretches.reduce((best, s) => (lineLengthMeters(s) > lineLengthMeters(best) ? s : best));
    const middle = pointAlongLine(longest, lineLengthMeters(longest) / 2).lngLat;
    return isInArea(middle, area) ? middle : longest[0];
  }

  function onRoad(road: string, area: AreaGeometry): GeocodeResult | null {
    const inside = (byRoad.get(road) ?? []).filter((e) => isInArea(e.lngLat, area));
    if (inside.length > 0) {
      const entry = mostCentral(inside);
      return { lngLat: entry.lngLat, quality: 'road', matchedAddress: entry.address };
    }
    const lngLat = onRoadLine(road, area);
    return lngLat ? { lngLat, quality: 'road', matchedAddress: road } : null;
  }

  return function geocode(address: string, subDistrictName: string): GeocodeResult {
    if (typeof address !== 'string' || address.trim() === '') {
      throw new RangeError(`geocode: address must be a non-empty string, got ${JSON.stringify(address)}`);
    }
    const area = areas.get(subDistrictName);
    if (!area) {
      throw new RangeError(`geocode: unknown sub-district ${JSON.stringify(subDistrictName)}; known: ${[...areas.keys()].join(', ')}`);
    }

    const { road, houseNumber, onRoad: parentRoad } = parseAddress(address);
    if (road) {
      const numbered = (byRoad.get(road) ?? []).filter((e) => e.houseNumber !== null);
      if (houseNumber !== null && numbered.length > 0) {
        const candidates = [...numbered].sort(byNearestNumber(houseNumber)).filter((e) => isInArea(e.lngLat, area));
        const best = candidates[0];
        if (best) {
          const quality = best.houseNumber === houseNumber ? 'exact' : 'nearest_number';
          return { lngLat: best.lngLat, quality, matchedAddress: best.address };
        }
      }
      const roadMatch = onRoad(road, area) ?? (parentRoad ? onRoad(parentRoad, area) : null);
      if (roadMatch) return roadMatch;
    }

    let centre = centres.get(subDistrictName);
    if (!centre) {
      centre = pointOnSurface(area);
      centres.set(subDistrictName, centre);
    }
    return { lngLat: centre, quality: 'sub_district_centre' };
  };
}

/** One-off convenience: geocodes a single address. Build a geocoder with createGazetteerGeocoder for many. */
export function geocodeAddress(address: string, subDistrictName: string, input: GazetteerGeocoderInput): GeocodeResult {
  return createGazetteerGeocoder(input)(address, subDistrictName);
}
