'use client';
/** The current wall scale (see wall-scale.ts), updated when the window is resized. */
import { useSyncExternalStore } from 'react';
import { wallScale } from './wall-scale';

function subscribe(onChange: () => void) {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

export function useWallScale(): number {
  return useSyncExternalStore(
    subscribe,
    () => wallScale(window.innerWidth, window.innerHeight),
    () => 1,
  );
}
