'use client';
/**
 * The map frame: the canvas loads lazily; a legend, the layer switches and the playback slider sit over it.
 * `data-ready="true"` once the base map has loaded (e2e tests wait on it).
 */
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { prefetchBaseMap } from '@/components/map/style/load-style';
import { Button } from '@/components/ui/button';
import type { HotlineMapCanvasProps } from './hotline-map-canvas';

function MapLoading() {
  const { t } = useI18n();
  return <div className="absolute inset-0 flex items-center justify-center text-slate-400">{t('map.loading')}</div>;
}

const HotlineMapCanvas = dynamic(() => import('./hotline-map-canvas'), { ssr: false, loading: MapLoading });

type Props = Omit<HotlineMapCanvasProps, 'onReady' | 'until' | 'layers'> & { periodMinutes: number; truncated: boolean };

export function HotlineMap({ periodMinutes, truncated, ...props }: Props) {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  const onReady = useCallback(() => setReady(true), []);
  const [layers, setLayers] = useState({ hex: true, heat: true, points: false });
  const [until, setUntil] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  useEffect(prefetchBaseMap, []);

  // Playback: the slider moves through the period in ~20 s, showing the tickets received so far.
  useEffect(() => {
    if (!playing) return;
    const step = Math.max(60, Math.round(periodMinutes / 200));
    const timer = setInterval(() => {
      setUntil((current) => {
        const next = (current ?? 0) + step;
        if (next >= periodMinutes) {
          setPlaying(false);
          return null;
        }
        return next;
      });
    }, 100);
    return () => clearInterval(timer);
  }, [playing, periodMinutes]);

  const toggle = (key: keyof typeof layers) => setLayers((l) => ({ ...l, [key]: !l[key] }));
  const untilLabel = until === null ? t('hotline.playback.all') : t('hotline.playback.day', { day: Math.floor(until / 1440) + 1 });

  return (
    <div data-testid="hotline-map" data-ready={ready ? 'true' : 'false'} className="relative h-full w-full overflow-hidden bg-[#040a15]">
      <HotlineMapCanvas {...props} until={until} layers={layers} onReady={onReady} />
      <div data-print-hide className="absolute left-2 top-2 flex gap-2 rounded bg-slate-950/80 px-3 py-2 text-[0.8rem] text-slate-200">
        {(['hex', 'heat', 'points'] as const).map((key) => (
          <label key={key} className="flex items-center gap-1">
            <input type="checkbox" checked={layers[key]} onChange={() => toggle(key)} data-testid={`hotline-layer-${key}`} />
            {t(`hotline.layer.${key}`)}
          </label>
        ))}
      </div>
      <div
        data-print-hide
        className="absolute bottom-2 left-2 right-14 flex items-center gap-3 rounded bg-slate-950/85 px-3 py-2 text-[0.8rem] text-slate-200"
      >
        <Button
          data-testid="hotline-play"
          onClick={() => {
            if (!playing && until === null) setUntil(0);
            setPlaying(!playing);
          }}
          variant="outline"
          size="sm"
        >
          {playing ? t('hotline.playback.pause') : t('hotline.playback.play')}
        </Button>
        <input
          type="range"
          min={0}
          max={periodMinutes}
          step={60}
          value={until ?? periodMinutes}
          data-testid="hotline-slider"
          aria-label={t('hotline.playback.slider')}
          onChange={(e) => {
            setPlaying(false);
            const v = Number(e.target.value);
            setUntil(v >= periodMinutes ? null : v);
          }}
          className="flex-1"
        />
        <span className="w-[7rem] text-right tabular-nums" data-testid="hotline-playback-label">
          {untilLabel}
        </span>
        {truncated ? <span className="text-amber-300">{t('hotline.playback.truncated')}</span> : null}
        <span className="flex items-center gap-1 text-slate-400">
          <span className="inline-block h-[0.7rem] w-[0.7rem] border-2 border-red-500" /> {t('hotline.legend.emerging')}
          <span className="ml-2 inline-block h-[0.7rem] w-[0.7rem] rounded-full border-2 border-fuchsia-500" />{' '}
          {t('hotline.legend.repeated')}
        </span>
      </div>
    </div>
  );
}
