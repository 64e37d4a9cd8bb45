'use client';
/**
 * The phone app's maps (a task's place, the report's place picker) load their code only when first shown. Without
 * network that code cannot be fetched: a map not yet loaded is then replaced by a note instead of failing the page,
 * and is shown once the network is back. A map already loaded stays usable offline.
 */
import dynamic from 'next/dynamic';
import type { ComponentType } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';

export function MapNeedsNetwork() {
  const { t } = useI18n();
  return (
    <p
      data-testid="field-map-offline"
      className="rounded-lg border border-slate-600 bg-slate-900 px-3 py-4 text-center text-[0.95rem] text-slate-300"
    >
      {t('field.mapNeedsNetwork')}
    </p>
  );
}

export interface LazyMap<P> {
  Component: ComponentType<P>;
  /** True once its code is on the phone. */
  loaded(): boolean;
}

/**
 * `reservedHeight`: the loaded map's height (frame and caption), kept while its code loads, so nothing below it —
 * the task's buttons — moves under the handler's thumb when it appears.
 */
export function lazyMap<P extends object>(load: () => Promise<{ default: ComponentType<P> }>, reservedHeight: string): LazyMap<P> {
  let loaded = false;
  const Loaded = dynamic(
    () =>
      load().then(
        (module) => {
          loaded = true;
          return module;
        },
        // The network went between the check and the fetch.
        () => ({ default: MapNeedsNetwork as ComponentType<P> }),
      ),
    { ssr: false },
  );
  function Component(props: P) {
    return (
      <div style={{ minHeight: reservedHeight }}>
        <Loaded {...props} />
      </div>
    );
  }
  return { Component, loaded: () => loaded };
}
