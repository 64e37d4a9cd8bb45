import { describe, expect, it } from 'vitest';
import { createDebugHook, type DebugSource, installDebugHook } from './debug-hook';

function source(): DebugSource {
  return {
    map: () => null,
    deck: () => null,
    isReady: () => true,
    readyAtMs: () => 1234,
    layers: () => [
      { id: 'onemap-lights', visible: true, featureCount: 2000 },
      { id: 'onemap-shops', visible: false, featureCount: 1500 },
    ],
    unitPosition: (id) => (id === 7 ? [121.4, 31.2] : null),
    subDistrict: () => '310105001',
    selection: () => ({ type: 'facility', id: 3 }),
  };
}

describe('window.__onemap', () => {
  it('reports visible layers, feature counts and unit positions', () => {
    const hook = createDebugHook(source());
    expect(hook.layerIds()).toEqual(['onemap-lights']);
    expect(hook.allLayerIds()).toEqual(['onemap-lights', 'onemap-shops']);
    expect(hook.featureCount('onemap-shops')).toBe(1500);
    expect(hook.featureCount('nope')).toBe(0);
    expect(hook.unitPosition(7)).toEqual([121.4, 31.2]);
    expect(hook.unitPosition(8)).toBeNull();
    expect(hook.isReady()).toBe(true);
  });

  it('is read-only: frozen, and not replaceable on the window', () => {
    const hook = createDebugHook(source());
    expect(Object.isFrozen(hook)).toBe(true);
    const target = {} as Window;
    const uninstall = installDebugHook(target, hook);
    expect(target.__onemap).toBe(hook);
    expect(() => {
      (target as { __onemap?: unknown }).__onemap = {};
    }).toThrow();
    uninstall();
    expect(target.__onemap).toBeUndefined();
  });
});
