'use client';
/**
 * Photo evidence from the phone's camera: each photo is uploaded at once (POST /api/uploads, stored by content
 * hash) and shown as a thumbnail; the parent sends the hashes with "work done".
 */
import { type ChangeEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';

export interface UploadedPhoto {
  contentHash: string;
  mediaType: string;
  byteSize: number;
  fileName: string;
  previewUrl: string;
}

async function upload(file: File): Promise<UploadedPhoto> {
  const response = await fetch('/api/uploads', { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
  const body = (await response.json()) as { contentHash: string; mediaType: string; byteSize: number; error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return { contentHash: body.contentHash, mediaType: body.mediaType, byteSize: body.byteSize, fileName: file.name, previewUrl: URL.createObjectURL(file) };
}

export function EvidenceCapture({ photos, onChange }: { photos: UploadedPhoto[]; onChange(photos: UploadedPhoto[]): void }) {
  const { t } = useI18n();
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    setUploading(true);
    setFailure(null);
    const added: UploadedPhoto[] = [];
    for (const file of files) {
      try {
        added.push(await upload(file));
      } catch (error) {
        setFailure(t('field.photoFailed', { name: file.name, reason: error instanceof Error ? error.message : String(error) }));
      }
    }
    setUploading(false);
    if (added.length) onChange([...photos, ...added.filter((a) => !photos.some((p) => p.contentHash === a.contentHash))]);
  }

  return (
    <div className="space-y-2" data-testid="field-evidence">
      <label className="flex min-h-[3.5rem] w-full cursor-pointer items-center justify-center rounded-xl border border-dashed border-sky-400/60 bg-slate-900 px-4 text-[1.05rem] text-sky-100">
        {uploading ? t('field.photoUploading') : t('field.photoTake')}
        <input type="file" accept="image/*" capture="environment" multiple className="sr-only" data-testid="field-photo-input" onChange={(e) => void choose(e)} />
      </label>
      {photos.length ? (
        <div className="flex flex-wrap gap-2" data-testid="field-photos" data-count={photos.length}>
          {photos.map((p) => (
            <img key={p.contentHash} src={p.previewUrl} alt={p.fileName} className="h-[4.5rem] w-[4.5rem] rounded-lg object-cover" />
          ))}
          <p className="w-full text-[0.9rem] text-emerald-300">{t('field.photoCount', { count: photos.length })}</p>
        </div>
      ) : (
        <p className="text-[0.9rem] text-slate-400">{t('field.photoNeeded')}</p>
      )}
      {failure ? <p role="alert" className="text-[0.95rem] text-red-300" data-testid="field-photo-error">{failure}</p> : null}
    </div>
  );
}
