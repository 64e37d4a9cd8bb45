'use client';
/**
 * Photo evidence from the phone's camera, shown as thumbnails. How a chosen file becomes a photo is the caller's
 * `take`: the cockpit's forms upload at once (uploadNow); the field app uploads, or keeps the photo on the phone
 * when there is no network (takeFieldPhoto), and such a photo is marked as waiting for the network.
 */
import { type ChangeEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';

export interface ShownPhoto {
  fileName: string;
  previewUrl: string;
  /** Set once uploaded (the server's name for the bytes). */
  contentHash?: string;
  /** Set while kept on the phone, waiting for the network. */
  localId?: string;
}

export interface EvidenceCaptureProps<P extends ShownPhoto> {
  photos: P[];
  onChange(photos: P[]): void;
  take(file: File): Promise<P>;
  /** The button's words and the hint shown with no photo yet; default: photos of the finished work, required. */
  takeLabel?: string;
  emptyHint?: string;
}

export function EvidenceCapture<P extends ShownPhoto>({ photos, onChange, take, takeLabel, emptyHint }: EvidenceCaptureProps<P>) {
  const { t } = useI18n();
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    setUploading(true);
    setFailure(null);
    const added: P[] = [];
    for (const file of files) {
      try {
        added.push(await take(file));
      } catch (error) {
        setFailure(t('field.photoFailed', { name: file.name, reason: error instanceof Error ? error.message : String(error) }));
      }
    }
    setUploading(false);
    const isNew = (a: P) => !a.contentHash || !photos.some((p) => p.contentHash === a.contentHash);
    if (added.length) onChange([...photos, ...added.filter(isNew)]);
  }

  const waitingCount = photos.filter((p) => p.localId).length;
  return (
    <div className="space-y-2" data-testid="field-evidence">
      <label className="flex min-h-[3.5rem] w-full cursor-pointer items-center justify-center rounded-xl border border-dashed border-sky-400/60 bg-slate-900 px-4 text-[1.05rem] text-sky-100">
        {uploading ? t('field.photoUploading') : (takeLabel ?? t('field.photoTake'))}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          className="sr-only"
          data-testid="field-photo-input"
          onChange={(e) => void choose(e)}
        />
      </label>
      {photos.length ? (
        <div className="flex flex-wrap gap-2" data-testid="field-photos" data-count={photos.length} data-waiting={waitingCount}>
          {photos.map((p) => (
            <figure key={p.contentHash ?? p.localId} className="relative">
              <img src={p.previewUrl} alt={p.fileName} className="h-[4.5rem] w-[4.5rem] rounded-lg object-cover" />
              {p.localId ? (
                <figcaption className="absolute inset-x-0 bottom-0 rounded-b-lg bg-amber-700/90 text-center text-[0.75rem] text-white">
                  {t('field.photoWaiting')}
                </figcaption>
              ) : null}
            </figure>
          ))}
          <p className="w-full text-[0.9rem] text-emerald-300">
            {waitingCount
              ? t('field.photoCountWaiting', { count: photos.length, waiting: waitingCount })
              : t('field.photoCount', { count: photos.length })}
          </p>
        </div>
      ) : (
        <p className="text-[0.9rem] text-slate-400">{emptyHint ?? t('field.photoNeeded')}</p>
      )}
      {failure ? (
        <p role="alert" className="text-[0.95rem] text-red-300" data-testid="field-photo-error">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
