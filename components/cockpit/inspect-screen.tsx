'use client';
/**
 * The inspector's phone page at /cockpit/inspect (390×844): today's inspection tasks (and any overdue), each
 * checked in on site with the equipment's QR code and a photo (POST /api/uploads). There is no QR decoder in
 * the browser here: a phone's camera app or scanner fills the text, or the inspector types the tag. Hidden
 * dangers seen on the round are reported from here too, with the camera.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { EvidenceCapture } from '@/components/field/evidence-capture';
import { type UploadedPhoto, uploadNow } from '@/components/field/photo-upload';
import { formatTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { NoAccess } from '@/components/ui/no-access';
import type { InspectionTask } from './cockpit-types';
import { ReportHazardForm } from './hazard-forms';

function TaskCard({ task }: { task: InspectionTask }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [qr, setQr] = useState('');
  const [photos, setPhotos] = useState<UploadedPhoto[]>([]);
  const checkIn = useMutation(
    trpc.cockpit.inspections.checkIn.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.cockpit.inspections.today.queryKey() }),
    }),
  );
  return (
    <li className="space-y-2 rounded-xl border border-slate-700 bg-slate-900 p-3" data-testid="inspection-task" data-status={task.status}>
      <div className="flex justify-between text-[1.05rem]">
        <span>
          {task.emergency ? <span className="text-red-300">[{t('cockpit.inspect.emergency')}] </span> : null}
          {task.equipmentName}
        </span>
        <span className="text-slate-400">{task.equipmentCode}</span>
      </div>
      <div className="text-[0.9rem] text-slate-400">
        {task.area} · {t('cockpit.inspect.due', { day: task.dueOn })}
      </div>
      {task.status === 'done' ? (
        <p className="text-emerald-300">
          {t('cockpit.inspect.done', { time: task.checkedInAt ? formatTime(task.checkedInAt, locale) : '' })}
        </p>
      ) : (
        <>
          <label className="block text-[0.9rem]">
            {t('cockpit.inspect.scan')}
            <input
              value={qr}
              onChange={(e) => setQr(e.target.value)}
              className="mt-1 w-full rounded-lg bg-slate-800 px-3 py-2 text-[1rem]"
              inputMode="url"
            />
          </label>
          <EvidenceCapture photos={photos} onChange={setPhotos} take={uploadNow} />
          {checkIn.error ? (
            <p role="alert" className="text-red-300">
              {errorMessage(checkIn.error)}
            </p>
          ) : null}
          <button
            type="button"
            disabled={checkIn.isPending || photos.length === 0 || !qr}
            onClick={() => checkIn.mutate({ taskId: task.id, qrPayload: qr, photoHash: photos[0].contentHash })}
            className="min-h-[3rem] w-full rounded-xl bg-sky-600 text-[1.05rem] font-semibold disabled:opacity-40"
          >
            {t('cockpit.inspect.checkIn')}
          </button>
        </>
      )}
    </li>
  );
}

export function InspectScreen() {
  const { user, can } = useSession();
  const { t } = useI18n();
  const trpc = useTRPC();
  const tasks = useQuery(trpc.cockpit.inspections.today.queryOptions(undefined, { enabled: can('cockpit:operate') }));
  const [reporting, setReporting] = useState(false);
  const [reported, setReported] = useState(false);
  if (!user) return null;
  return (
    <div className="min-h-screen bg-[#050b16] p-3 text-slate-100">
      <h1 className="mb-3 text-[1.3rem] font-bold">{t('cockpit.inspect.title')}</h1>
      {!can('cockpit:operate') ? <NoAccess messageKey="cockpit.noAccess" className="" /> : null}
      {can('cockpit:operate') ? (
        <section className="mb-4 rounded-xl border border-amber-400/40 bg-slate-900 p-3">
          {reporting ? (
            <ReportHazardForm
              onDone={() => {
                setReporting(false);
                setReported(true);
              }}
            />
          ) : (
            <button
              type="button"
              onClick={() => setReporting(true)}
              className="min-h-[3rem] w-full rounded-xl bg-amber-600 text-[1.05rem] font-semibold"
              data-testid="inspect-report-hazard"
            >
              {t('cockpit.reportHazard')}
            </button>
          )}
          {reported && !reporting ? <p className="mt-2 text-emerald-300">{t('cockpit.inspect.hazardReported')}</p> : null}
        </section>
      ) : null}
      <ul className="space-y-3">
        {tasks.data?.length === 0 ? <li className="text-slate-400">{t('cockpit.inspect.none')}</li> : null}
        {tasks.data?.map((task) => (
          <TaskCard key={task.id} task={task} />
        ))}
      </ul>
    </div>
  );
}
