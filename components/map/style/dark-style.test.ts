/**
 * The wall's base style (public/map/style-dark.json): names at the zoom the wall starts at, the street-level tiles
 * from this server, and the approximate streets drawn and labelled apart from surveyed ones.
 */
import { readFileSync } from 'node:fs';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';

const style = JSON.parse(readFileSync(new URL('../../../public/map/style-dark.json', import.meta.url), 'utf8')) as StyleSpecification;
const layer = (id: string) => style.layers.find((l) => l.id === id) as LayerSpecification & Record<string, unknown>;
/** The wall opens at about 12.3 at 1920×1080 (13.3 at 4K). */
const WALL_START_ZOOM = 12.3;

describe('the dark base style', () => {
  it('draws road, station and sub-district names at the wall’s starting zoom', () => {
    for (const id of ['road-label', 'metro-station-label', 'sub-district-label']) {
      expect(layer(id).minzoom ?? 0, id).toBeLessThanOrEqual(WALL_START_ZOOM);
    }
  });

  it('takes the street level from this server’s vector tiles, credited to OpenStreetMap', () => {
    expect(style.sources.street).toMatchObject({ type: 'vector', tiles: ['/map/tiles/street/{z}/{x}/{y}.pbf'] });
    expect((style.sources.street as { attribution?: string }).attribution).toMatch(/OpenStreetMap/);
    for (const id of ['water-area', 'water-line', 'site-fill', 'building', 'street', 'street-approximate', 'street-label', 'signal']) {
      expect(layer(id), id).toMatchObject({ source: 'street' });
    }
  });

  it('draws approximate streets dashed and labels them with ≈', () => {
    const approximate = layer('street-approximate') as { filter: unknown; paint: Record<string, unknown> };
    expect(approximate.filter).toEqual(['==', ['get', 'approximate'], true]);
    expect(approximate.paint['line-dasharray']).toBeDefined();
    expect((layer('street') as { filter: unknown }).filter).toEqual(['!=', ['get', 'approximate'], true]);
    expect(JSON.stringify((layer('street-label') as { layout: Record<string, unknown> }).layout['text-field'])).toContain('≈');
  });
});
