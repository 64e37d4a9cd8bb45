import { describe, expect, it } from 'vitest';
import { ALL_LAYERS } from './layer-catalog';
import { STATUS_RGBA } from './status-colours';
import {
  iconAngle,
  plateOf,
  SHAPE_PATHS,
  UNIT_SHAPE,
  UNIT_STATUS_RGBA,
  UNIT_STATUSES,
  unitAtlasLayout,
  unitIconKey,
  unitStatus,
} from './unit-symbols';
import type { UnitKind } from './map-types';

describe('unit symbols', () => {
  it('gives every unit kind on the map its own shape', () => {
    const kinds = ALL_LAYERS.flatMap((l) => (l.source === 'units' ? [...l.unitKinds] : []));
    expect(kinds.length).toBeGreaterThan(5);
    for (const kind of kinds) expect(SHAPE_PATHS[UNIT_SHAPE[kind]]).toMatch(/^M/);
    // No two kinds share a silhouette, so kinds stay apart while colour says status.
    expect(new Set(kinds.map((k) => UNIT_SHAPE[k])).size).toBe(kinds.length);
  });

  it('colours by status with one colour per status, the same as the facilities’ fault', () => {
    expect(unitStatus(true, null)).toBe('working');
    expect(unitStatus(true, { alarm: 'sos' })).toBe('fault');
    expect(unitStatus(false, { alarm: 'sos' })).toBe('idle');
    const colours = UNIT_STATUSES.map((s) => UNIT_STATUS_RGBA[s].join());
    expect(new Set(colours).size).toBe(UNIT_STATUSES.length);
    expect(UNIT_STATUS_RGBA.fault).toEqual(STATUS_RGBA.fault);
  });

  it('turns icons clockwise by heading through deck.gl’s counter-clockwise angle', () => {
    expect(iconAngle(0)).toBe(0);
    // Heading east (90° clockwise from north) is a quarter turn clockwise: -90 in deck.gl's convention.
    expect(iconAngle(90)).toBe(-90);
    expect(iconAngle(270)).toBe(-270);
    expect(iconAngle(450)).toBe(-90);
    expect(iconAngle(-90)).toBe(-270);
    // Unknown heading: upright.
    expect(iconAngle(Number.NaN)).toBe(0);
  });

  it('lays out an atlas icon for every kind, status and heading, without overlaps', () => {
    const kinds = Object.keys(UNIT_SHAPE) as UnitKind[];
    const layout = unitAtlasLayout(kinds, 64);
    expect(Object.keys(layout.mapping)).toHaveLength(kinds.length * UNIT_STATUSES.length * 2);
    const corners = new Set(Object.values(layout.mapping).map((i) => `${i.x},${i.y}`));
    expect(corners.size).toBe(Object.keys(layout.mapping).length);
    for (const icon of Object.values(layout.mapping)) {
      expect(icon.x + icon.width).toBeLessThanOrEqual(layout.width);
      expect(icon.y + icon.height).toBeLessThanOrEqual(layout.height);
    }
    expect(layout.mapping[unitIconKey('washer', 'fault', true)]).toBeDefined();
    expect(unitIconKey('washer', 'fault', true)).not.toBe(unitIconKey('washer', 'fault', false));
  });

  it('labels a vehicle with its plate and a person with their name', () => {
    expect(plateOf('沪A·B1234 扫路车')).toBe('沪A·B1234');
    expect(plateOf('王建国 值班长')).toBe('王建国');
  });
});
