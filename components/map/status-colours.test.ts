import { describe, expect, it } from 'vitest';
import { cssColour, gradeColour, KIND_COLOURS, severityOf, statusColour } from './status-colours';

describe('status colours', () => {
  it('reads statuses as severities, whatever their case', () => {
    expect(severityOf('on')).toBe('working');
    expect(severityOf('Fault')).toBe('fault');
    expect(severityOf('cleaning')).toBe('attention');
    // Off or closed by plan is not 停用: the chart counts it apart, the map greys it the same.
    expect(severityOf('off')).toBe('scheduled');
    expect(severityOf('closed')).toBe('scheduled');
    expect(severityOf('inactive')).toBe('idle');
    expect(statusColour('light', 'off')).toEqual(statusColour('light', 'inactive'));
    expect(severityOf('something-new')).toBe('unknown');
  });

  it('colours a working facility in its layer hue and every fault the same red', () => {
    expect(statusColour('light', 'on')).toEqual(KIND_COLOURS.light);
    expect(statusColour('toilet', 'open')).toEqual(KIND_COLOURS.toilet);
    expect(statusColour('light', 'fault')).toEqual(statusColour('kiosk', 'fault'));
    expect(statusColour('light', 'off')).not.toEqual(statusColour('light', 'on'));
    expect(statusColour('shop', 'unheard-of')).toEqual(KIND_COLOURS.shop);
  });

  it('orders cleaning grades best first, whatever order they arrive in', () => {
    const grades = ['三级', '一级', '二级'];
    expect(gradeColour('一级', grades)).not.toEqual(gradeColour('三级', grades));
    expect(gradeColour('一级', grades)).toEqual(gradeColour('一级', ['一级']));
    expect(gradeColour('', grades)[3]).toBeLessThan(255);
  });

  it('writes CSS colours', () => {
    expect(cssColour([255, 0, 0, 255])).toBe('rgba(255, 0, 0, 1)');
    expect(cssColour([0, 0, 0, 128])).toBe('rgba(0, 0, 0, 0.5)');
  });
});
