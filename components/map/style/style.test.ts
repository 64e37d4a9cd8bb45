import type { StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { absolutizeStyle } from './absolutize-style';
import { scaleSize, scaleStyle, sizeProperties } from './scale-style';

const style: StyleSpecification = {
  version: 8,
  glyphs: '/map/fonts/{fontstack}/{range}.pbf',
  sprite: '/map/sprites/dark',
  sources: {
    roads: { type: 'geojson', data: '/map/data/roads.geojson' },
    inline: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  },
  layers: [
    { id: 'bg', type: 'background', paint: { 'background-color': '#000' } },
    { id: 'roads', type: 'line', source: 'roads', paint: { 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1, 16, 4] } },
    { id: 'labels', type: 'symbol', source: 'roads', layout: { 'text-field': ['get', 'name'], 'text-size': 12 } },
    { id: 'default-size', type: 'symbol', source: 'roads', layout: { 'text-field': ['get', 'name'] } },
  ],
};

describe('absolutizeStyle', () => {
  it('makes server-relative URLs absolute and leaves the rest', () => {
    const out = absolutizeStyle(style, 'http://localhost:3100');
    expect(out.glyphs).toBe('http://localhost:3100/map/fonts/{fontstack}/{range}.pbf');
    expect(out.sprite).toBe('http://localhost:3100/map/sprites/dark');
    expect(out.sources.roads).toEqual({ type: 'geojson', data: 'http://localhost:3100/map/data/roads.geojson' });
    expect(out.sources.inline).toBe(style.sources.inline);
    expect(style.glyphs).toBe('/map/fonts/{fontstack}/{range}.pbf');
  });
});

describe('scaleStyle', () => {
  it('scales numbers and the outputs of zoom curves only', () => {
    expect(scaleSize(12, 2)).toBe(24);
    expect(scaleSize(['interpolate', ['linear'], ['zoom'], 10, 1, 16, 4], 2)).toEqual(['interpolate', ['linear'], ['zoom'], 10, 2, 16, 8]);
    expect(scaleSize(['step', ['zoom'], 1, 12, 3], 2)).toEqual(['step', ['zoom'], 2, 12, 6]);
    expect(scaleSize(['get', 'width'], 2)).toEqual(['get', 'width']);
  });

  it('finds every size, including text left at its default', () => {
    expect(sizeProperties(style).map((p) => `${p.layerId}.${p.name}`)).toEqual([
      'roads.line-width',
      'labels.text-size',
      'default-size.text-size',
    ]);
  });

  it('returns a scaled copy and leaves the original alone', () => {
    const big = scaleStyle(style, 2);
    const labels = big.layers.find((l) => l.id === 'labels') as { layout: Record<string, unknown> };
    expect(labels.layout['text-size']).toBe(24);
    const defaulted = big.layers.find((l) => l.id === 'default-size') as { layout: Record<string, unknown> };
    expect(defaulted.layout['text-size']).toBe(32);
    expect((style.layers[2] as { layout: Record<string, unknown> }).layout['text-size']).toBe(12);
    expect(scaleStyle(style, 1)).toBe(style);
  });
});

describe('geoJsonSourceUrls', () => {
  it('lists the server-relative GeoJSON sources to warm', async () => {
    const { geoJsonSourceUrls } = await import('./load-style');
    expect(geoJsonSourceUrls(style)).toEqual(['/map/data/roads.geojson']);
  });
});
