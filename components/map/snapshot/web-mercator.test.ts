import { describe, expect, it } from 'vitest';
import { projectToView } from './web-mercator';

describe('projectToView', () => {
  const camera = { center: [121.4, 31.21] as [number, number], zoom: 13 };

  it('puts the centre of the view at the middle of the box', () => {
    expect(projectToView([121.4, 31.21], camera, 1000, 800)).toEqual([500, 400]);
  });

  it('matches MapLibre at zoom 13: a degree of longitude is 512·2^13/360 pixels, east is right', () => {
    const [x] = projectToView([121.41, 31.21], camera, 1000, 800);
    expect(x - 500).toBeCloseTo((512 * 2 ** 13) / 360 / 100, 6);
  });

  it('puts the north up, with Mercator stretch: 0.01° of latitude near 31° is longer than 0.01° of longitude', () => {
    const [, y] = projectToView([121.4, 31.22], camera, 1000, 800);
    const [x] = projectToView([121.41, 31.21], camera, 1000, 800);
    expect(y).toBeLessThan(400);
    expect((400 - y) / (x - 500)).toBeCloseTo(1 / Math.cos((31.215 * Math.PI) / 180), 2);
  });
});
