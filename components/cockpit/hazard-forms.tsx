'use client';
/**
 * Hidden-danger forms: reporting one (name, place, grade, deadline, at least one photo) and submitting its
 * rectification with photos of the rectified state. Photos go through POST /api/uploads (EvidenceCapture).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { EvidenceCapture } from '@/components/field/evidence-capture';
import { type UploadedPhoto, uploadNow } from '@/components/field/photo-upload';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { controlClass } from '@/components/ui/field';
import type { HazardView } from './cockpit-types';

const DAY_MS = 86_400_000;

const toPhotoInput = (purpose: 'report' | 'after') => (p: UploadedPhoto) => ({
  contentHash: p.contentHash,
  mediaType: p.mediaType,
  byteSize: p.byteSize,
  fileName: p.fileName,
  purpose,
});

function useRefreshBoards() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: trpc.cockpit.boards.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.cockpit.hazards.list.queryKey() });
  };
}

const field = controlClass('md', 'w-full');

export function ReportHazardForm({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshBoards();
  const errorMessage = useErrorMessage();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [place, setPlace] = useState('');
  const [grade, setGrade] = useState<'general' | 'major'>('general');
  const [days, setDays] = useState(3);
  const [photos, setPhotos] = useState<UploadedPhoto[]>([]);
  const report = useMutation(
    trpc.cockpit.hazards.report.mutationOptions({
      onSuccess: () => {
        refresh();
        onDone();
      },
    }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    report.mutate({
      title,
      description,
      place,
      grade,
      deadline: new Date(Date.now() + days * DAY_MS),
      photos: photos.map(toPhotoInput('report')),
    });
  }
  return (
    <form onSubmit={submit} className="space-y-2 text-[0.95rem]" data-testid="hazard-report-form">
      <label className="block">
        {t('cockpit.form.title')}
        <input className={field} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="hazard-title" />
      </label>
      <label className="block">
        {t('cockpit.form.place')}
        <input className={field} value={place} onChange={(e) => setPlace(e.target.value)} data-testid="hazard-place" />
      </label>
      <label className="block">
        {t('cockpit.form.description')}
        <textarea
          className={field}
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="hazard-description"
        />
      </label>
      <div className="flex gap-3">
        <label className="flex-1">
          {t('cockpit.form.grade')}
          <select
            className={field}
            value={grade}
            onChange={(e) => setGrade(e.target.value as 'general' | 'major')}
            data-testid="hazard-grade"
          >
            <option value="general">{t('cockpit.grade.general')}</option>
            <option value="major">{t('cockpit.grade.major')}</option>
          </select>
        </label>
        <label className="flex-1">
          {t('cockpit.form.deadlineDays')}
          <input type="number" min={1} max={90} className={field} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </label>
      </div>
      <EvidenceCapture photos={photos} onChange={setPhotos} take={uploadNow} />
      {report.error ? (
        <p role="alert" className="text-red-300" data-testid="hazard-error">
          {errorMessage(report.error)}
        </p>
      ) : null}
      <Button type="submit" disabled={report.isPending} variant="primary" size="block" data-testid="hazard-submit">
        {t('cockpit.form.submit')}
      </Button>
    </form>
  );
}

export function SubmitRectificationForm({ hazard, onDone }: { hazard: HazardView; onDone(): void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshBoards();
  const errorMessage = useErrorMessage();
  const [photos, setPhotos] = useState<UploadedPhoto[]>([]);
  const [note, setNote] = useState('');
  const act = useMutation(
    trpc.cockpit.hazards.act.mutationOptions({
      onSuccess: () => {
        refresh();
        onDone();
      },
    }),
  );
  return (
    <div className="space-y-2" data-testid="hazard-rectify-form">
      <p className="text-[0.9rem] text-slate-300">{t('cockpit.form.submitPhotos')}</p>
      <EvidenceCapture photos={photos} onChange={setPhotos} take={uploadNow} />
      <textarea
        className={field}
        rows={2}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('cockpit.promptMeasures')}
      />
      {act.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(act.error)}
        </p>
      ) : null}
      <Button
        disabled={act.isPending}
        onClick={() =>
          act.mutate({
            id: hazard.id,
            action: 'submit',
            expectedVersion: hazard.version,
            note: note || undefined,
            photos: photos.map(toPhotoInput('after')),
          })
        }
        variant="primary"
        size="block"
        data-testid="hazard-rectify-submit"
      >
        {t('cockpit.hazardAct.submit')}
      </Button>
    </div>
  );
}

export { useRefreshBoards };
