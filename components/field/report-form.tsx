'use client';
/**
 * 巡查上报: the handler reports a problem found on the way — type, description, where (the phone's GPS fix, or a
 * place tapped on the map) and photos — and it becomes a work order with source 'patrol'. Without network the
 * report and its photos wait on the phone and are registered once when the network is back.
 */
import { useState } from 'react';
import { useCategories } from '@/components/dispatch/use-categories';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage } from '@/components/trpc/client';
import { EvidenceCapture } from './evidence-capture';
import { type FieldPhoto, photoRefs, takeFieldPhoto } from './field-photo';
import { lazyMap, MapNeedsNetwork } from './lazy-map';
import { useFieldQueue } from './use-field-queue';

// MapLibre loads only when the handler chooses to pick on the map (and there is network to fetch it).
// Its height: the 14rem frame and a one-line caption.
const placePicker = lazyMap(() => import('./place-picker'), '15.6rem');

const FIELD = 'w-full rounded-lg border border-slate-500 bg-slate-950 p-3 text-[1rem] text-slate-100';
const BIG = 'min-h-[3.5rem] w-full rounded-xl px-4 text-[1.1rem] font-semibold disabled:opacity-40';

type Located = { lng: number; lat: number } & ({ source: 'gps'; accuracy: number } | { source: 'map' });

export function ReportForm({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const errorMessage = useErrorMessage();
  const { categories, nameOf } = useCategories();
  const queue = useFieldQueue();
  const [categoryCode, setCategoryCode] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [location, setLocation] = useState<Located | null>(null);
  const [gpsFix, setGpsFix] = useState<{ lng: number; lat: number } | null>(null);
  const [picking, setPicking] = useState(false);
  const [photos, setPhotos] = useState<FieldPhoto[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const locate = () => {
    setProblem(null);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        const fix = { lng: p.coords.longitude, lat: p.coords.latitude };
        setGpsFix(fix);
        setLocation({ ...fix, source: 'gps', accuracy: Math.round(p.coords.accuracy) });
      },
      (e) => setProblem(t('field.duty.noGeo', { reason: e.message || String(e.code) })),
      { enableHighAccuracy: true, timeout: 20_000 },
    );
  };

  const submit = () => {
    setPending(true);
    setProblem(null);
    queue
      .run({
        kind: 'report',
        input: {
          categoryCode: categoryCode || null,
          description: description.trim(),
          address: address.trim() || null,
          location: location ? { lng: location.lng, lat: location.lat } : null,
        },
        photos: photoRefs(photos, 'report'),
      })
      .then((result) => setOutcome(result.state === 'sent' ? t('field.report.done', { code: result.code }) : t('field.report.queuedDone')))
      .catch((error: unknown) => setProblem(errorMessage(error)))
      .finally(() => setPending(false));
  };

  if (outcome) {
    return (
      <div className="space-y-3" data-testid="field-report-done">
        <p className="text-[1.05rem] text-emerald-300">{outcome}</p>
        <button type="button" onClick={onClose} className={`${BIG} border border-slate-500 bg-slate-800 text-slate-100`}>
          {t('field.report.cancel')}
        </button>
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="field-report-form">
      <h2 className="text-[1.2rem] font-semibold text-sky-50">{t('field.report.title')}</h2>
      <label className="block space-y-1 text-[0.95rem] text-slate-300">
        <span>{t('field.report.category')}</span>
        <select
          value={categoryCode}
          onChange={(e) => setCategoryCode(e.target.value)}
          className={FIELD}
          data-testid="field-report-category"
        >
          <option value="">—</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {nameOf(c.code)}
            </option>
          ))}
        </select>
      </label>
      <label className="block space-y-1 text-[0.95rem] text-slate-300">
        <span>{t('field.report.description')}</span>
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={2000}
          className={`${FIELD} h-[6rem]`}
          data-testid="field-report-description"
        />
      </label>
      <div className="space-y-1 text-[0.95rem] text-slate-300">
        <span>{t('field.report.location')}</span>
        <button
          type="button"
          onClick={locate}
          className={`${BIG} border border-sky-400/60 bg-slate-900 text-sky-100`}
          data-testid="field-report-locate"
        >
          {t('field.report.useGps')}
        </button>
        <p
          data-testid="field-report-location"
          data-located={location !== null}
          data-source={location?.source ?? ''}
          data-lng={location?.lng ?? ''}
          data-lat={location?.lat ?? ''}
        >
          {!location
            ? t('field.report.noLocation')
            : location.source === 'gps'
              ? t('field.report.gpsAt', { lng: location.lng.toFixed(5), lat: location.lat.toFixed(5), accuracy: location.accuracy })
              : t('field.report.pickedAt', { lng: location.lng.toFixed(5), lat: location.lat.toFixed(5) })}
        </p>
        {picking ? (
          queue.online || placePicker.loaded() ? (
            <placePicker.Component centre={gpsFix} picked={location} onPick={(place) => setLocation({ ...place, source: 'map' })} />
          ) : (
            <MapNeedsNetwork />
          )
        ) : (
          <button
            type="button"
            onClick={() => setPicking(true)}
            className={`${BIG} border border-slate-500 bg-slate-900 text-slate-100`}
            data-testid="field-report-pick"
          >
            {t('field.report.pickOnMap')}
          </button>
        )}
      </div>
      <label className="block space-y-1 text-[0.95rem] text-slate-300">
        <span>{t('field.report.address')}</span>
        <input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} className={FIELD} />
      </label>
      <EvidenceCapture
        photos={photos}
        onChange={setPhotos}
        take={takeFieldPhoto}
        takeLabel={t('field.report.photoTake')}
        emptyHint={t('field.report.photoHint')}
      />
      {problem ? (
        <p role="alert" className="text-[0.95rem] text-red-300">
          {problem}
        </p>
      ) : null}
      <button
        type="button"
        onClick={submit}
        disabled={!description.trim() || pending}
        className={`${BIG} bg-emerald-600 text-white`}
        data-testid="field-report-submit"
      >
        {t('field.report.submit')}
      </button>
      <button type="button" onClick={onClose} className={`${BIG} border border-slate-500 bg-slate-800 text-slate-100`}>
        {t('field.report.cancel')}
      </button>
    </div>
  );
}
