'use client';
/**
 * 在岗: while on duty the phone reports where it is (the browser's geolocation, watched) as the signed-in unit, at
 * most every few seconds, so the handler moves live on the wall and the dispatcher's nearest-unit ranking. The
 * choice is remembered on the phone; off duty nothing is reported.
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';

const MIN_REPORT_GAP_MS = 5_000;
/** A phone standing still gets no new fix: its last one is sent again this often, so the unit stays online. */
const HEARTBEAT_MS = 20_000;
const DUTY_KEY = 'onemap.field.onDuty';

const finiteOrNull = (value: number | null) => (value === null || !Number.isFinite(value) ? null : value);

export function DutyToggle() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [onDuty, setOnDuty] = useState(false);
  const [geoError, setGeoError] = useState<string | null>(null);
  const [lastAt, setLastAt] = useState<number | null>(null);
  const lastSent = useRef(0);
  const report = useMutation(trpc.units.reportMine.mutationOptions({ onSuccess: (_data, input) => setLastAt(input.recordedAt) }));
  const { mutate } = report;

  useEffect(() => setOnDuty(localStorage.getItem(DUTY_KEY) === 'on'), []);

  useEffect(() => {
    if (!onDuty) return;
    if (!('geolocation' in navigator)) {
      setGeoError(t('field.duty.noGeo', { reason: 'geolocation' }));
      return;
    }
    let last: GeolocationCoordinates | null = null;
    const send = (c: GeolocationCoordinates, recordedAt: number) => {
      const now = Date.now();
      if (now - lastSent.current < MIN_REPORT_GAP_MS || !navigator.onLine) return;
      lastSent.current = now;
      mutate({
        lng: c.longitude,
        lat: c.latitude,
        recordedAt: Math.min(Math.round(recordedAt), now),
        speedMps: finiteOrNull(c.speed),
        headingDeg: finiteOrNull(c.heading),
        accuracyM: finiteOrNull(c.accuracy),
      });
    };
    const heartbeat = setInterval(() => {
      if (last) send(last, Date.now());
    }, HEARTBEAT_MS);
    const watch = navigator.geolocation.watchPosition(
      (position) => {
        setGeoError(null);
        last = position.coords;
        send(position.coords, position.timestamp);
      },
      (error) => setGeoError(t('field.duty.noGeo', { reason: error.message || String(error.code) })),
      { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
    );
    return () => {
      clearInterval(heartbeat);
      navigator.geolocation.clearWatch(watch);
    };
  }, [onDuty, mutate, t]);

  const toggle = () => {
    const next = !onDuty;
    localStorage.setItem(DUTY_KEY, next ? 'on' : 'off');
    lastSent.current = 0;
    setOnDuty(next);
  };

  return (
    <div
      className="rounded-xl border border-slate-600 bg-slate-900 p-3"
      data-testid="field-duty"
      data-on-duty={onDuty}
      data-reported-at={lastAt ?? ''}
    >
      <label className="flex min-h-[2.75rem] items-center gap-3 text-[1.05rem] text-slate-100">
        <input type="checkbox" checked={onDuty} onChange={toggle} className="h-6 w-6 accent-emerald-500" data-testid="field-duty-toggle" />
        {onDuty ? t('field.duty.on') : t('field.duty.off')}
      </label>
      {onDuty && lastAt !== null ? (
        <p className="text-[0.9rem] text-emerald-300" data-testid="field-duty-reported">
          {t('field.duty.reporting', { time: formatDateTime(lastAt, locale) })}
        </p>
      ) : null}
      {geoError ? (
        <p role="alert" className="text-[0.9rem] text-amber-300">
          {geoError}
        </p>
      ) : null}
      {report.error ? (
        <p role="alert" className="text-[0.9rem] text-red-300">
          {errorMessage(report.error)}
        </p>
      ) : null}
    </div>
  );
}
