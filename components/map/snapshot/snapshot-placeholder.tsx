'use client';
/**
 * The wall's first view while MapLibre and deck.gl are still loading: the picture of the base map last drawn at the
 * same starting view, by this browser or another wall of the district (snapshot-store.ts), with the live units
 * painted on it as the unit layers draw them (paint-placeholder-units.ts), repainted as they move. With software
 * WebGL the map itself takes seconds to compile its shaders and draw; this needs no WebGL at all. The map takes
 * over on its own first view (CommandMap removes this then). Without a snapshot (a view no wall has opened yet)
 * nothing is shown.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useWallScale } from '@/components/ui/use-wall-scale';
import type { LayerKey } from '../layer-catalog';
import { useLiveAnimationFrame, useLiveUnitsModel } from '../live/live-units-provider';
import { paintPlaceholderUnits } from './paint-placeholder-units';
import { type BaseMapSnapshot, loadSnapshot, prefetchSnapshots, snapshotKey, snapshotViewOf } from './snapshot-store';

if (typeof window !== 'undefined') void prefetchSnapshots();

/** The placeholder's units follow the live feed this often (the map glides them; this only has to be right). */
const REPAINT_MS = 1000;

export interface SnapshotPlaceholderProps {
  /** The starting view's fit key (the snapshot's view). */
  view: string;
  visible: ReadonlySet<LayerKey>;
  /** The live units' first snapshot has arrived: only then are the units painted and the view counted as shown. */
  liveSettled: boolean;
  /** The base map and the units are on screen (performance.now()). */
  onShown(at: number): void;
  /** Settled: shown, or there is no snapshot to show. The map's own heavy start waits for this (CommandMap). */
  onSettled(): void;
}

export function SnapshotPlaceholder({ view, visible, liveSettled, onShown, onSettled }: SnapshotPlaceholderProps) {
  const { locale } = useI18n();
  const scale = useWallScale();
  const model = useLiveUnitsModel();
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [snapshot, setSnapshot] = useState<{ record: BaseMapSnapshot; picture: ImageBitmap } | null>(null);
  const lastPaint = useRef(0);
  const announced = useRef(false);

  // The snapshot for the view as the wall opens (the size, scale and language at mount).
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const key = snapshotKey(snapshotViewOf(box, scale, locale, view));
    let picture: ImageBitmap | null = null;
    let cancelled = false;
    // Decoded off the main thread (createImageBitmap), which is busy loading the page.
    void loadSnapshot(key)
      .then(async (record) => (record ? { record, picture: await createImageBitmap(record.image) } : null))
      .catch(() => null)
      .then((found) => {
        if (cancelled) return found?.picture.close();
        if (!found) return onSettled();
        picture = found.picture;
        setSnapshot(found);
      });
    return () => {
      cancelled = true;
      picture?.close();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const paint = () => {
    const canvas = canvasRef.current;
    if (!snapshot || !canvas || !liveSettled) return false;
    const { record } = snapshot;
    const pixelRatio = window.devicePixelRatio;
    if (canvas.width !== Math.round(record.width * pixelRatio)) {
      canvas.width = Math.round(record.width * pixelRatio);
      canvas.height = Math.round(record.height * pixelRatio);
    }
    // A CPU-backed canvas: with software GPU emulation an accelerated one would compete with the map's own start.
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return false;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(snapshot.picture, 0, 0, canvas.width, canvas.height);
    const painted = paintPlaceholderUnits(ctx, model, visible, {
      camera: record.camera,
      width: record.width,
      height: record.height,
      pixelRatio,
      scale,
    });
    canvas.dataset.symbols = String(painted);
    lastPaint.current = performance.now();
    return true;
  };

  useEffect(() => {
    if (announced.current || !paint()) return;
    announced.current = true;
    // Counted once the frame holding the picture and the units is drawn.
    requestAnimationFrame(() => {
      onShown(performance.now());
      onSettled();
    });
  });

  useLiveAnimationFrame((now) => {
    if (now - lastPaint.current >= REPAINT_MS) paint();
  });

  return (
    <div ref={boxRef} aria-hidden className="pointer-events-none absolute inset-0" data-testid="map-snapshot">
      {snapshot ? (
        <canvas
          ref={canvasRef}
          className="absolute left-0 top-0"
          style={{ width: snapshot.record.width, height: snapshot.record.height }}
        />
      ) : null}
    </div>
  );
}
