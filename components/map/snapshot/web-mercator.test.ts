import { describe, expect, it } from 'vitest';
import { viewProjector } from './web-mercator';

describe('viewProjector', () => {
  const project = viewProjector({ center: [121.4, 31.21], zoom: 13 }, 1000, 800);

  it('puts the centre of the view at the middle of the box', () => {
    const [x, y] = project([121.4, 31.21]);
    expect(x).toBeCloseTo(500, 6);
    expect(y).toBeCloseTo(400, 6);
  });

  it('matches MapLibre at zoom 13: a degree of longitude is 512·2^13/360 pixels, east is right', () => {
    const [x] = project([121.41, 31.21]);
    expect(x - 500).toBeCloseTo((512 * 2 ** 13) / 360 / 100, 6);
  });

  it('puts the north up, with Mercator stretch: 0.01° of latitude near 31° is longer than 0.01° of longitude', () => {
    const [, y] = project([121.4, 31.22]);
    const [x] = project([121.41, 31.21]);
    expect(y).toBeLessThan(400);
    expect((400 - y) / (x - 500)).toBeCloseTo(1 / Math.cos((31.215 * Math.PI) / 180), 2);
  });
});
