'use client';
/**
 * The dispatcher's map frame: the canvas is imported lazily (MapLibre and deck.gl load after the page renders),
 * with a legend and hint over it. `data-ready="true"` once the base map has loaded (e2e tests wait on it).
 */
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { cssColour } from '@/components/map/status-colours';
import { prefetchBaseMap } from '@/components/map/style/load-style';
import type { DispatchMapCanvasProps } from './dispatch-map-canvas';
import { PRIORITY_COLOURS } from '@/components/orders/order-colours';

function MapLoading() {
  const { t } = useI18n();
  return <div className="absolute inset-0 flex items-center justify-center text-slate-400">{t('map.loading')}</div>;
}

const DispatchMapCanvas = dynamic(() => import('./dispatch-map-canvas'), { ssr: false, loading: MapLoading });

export function DispatchMap(props: Omit<DispatchMapCanvasProps, 'onReady'>) {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  const onReady = useCallback(() => setReady(true), []);
  useEffect(prefetchBaseMap, []);
  return (
    <div data-testid="dispatch-map" data-ready={ready ? 'true' : 'false'} className="relative h-full w-full overflow-hidden bg-[#040a15]">
      <DispatchMapCanvas {...props} onReady={onReady} />
      <div className="pointer-events-none absolute bottom-2 left-2 rounded bg-slate-950/80 px-3 py-2 text-[0.75rem] text-slate-300">
        <div className="flex items-center gap-3">
          <span>{t('dispatchUi.legend.priority')}</span>
          {[1, 2, 3, 4].map((p) => (
            <span key={p} className="flex items-center gap-1">
              <span className="inline-block h-[0.7rem] w-[0.7rem] rounded-full" style={{ background: cssColour(PRIORITY_COLOURS[p]) }} />
              {t(`orders.priority.${p}`)}
            </span>
          ))}
        </div>
        <div>{t('dispatchUi.legend.deadline')}</div>
        <div className="text-slate-500">{t('dispatchUi.mapHint')}</div>
      </div>
    </div>
  );
}
