'use client';
/** 设备电子档案: the archive searchable by code, name, area, type or tag, with QR payloads, cycles and next inspections. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';

export function EquipmentArchive({ canOperate }: { canOperate: boolean }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [search, setSearch] = useState('');
  const equipment = useQuery(trpc.cockpit.equipment.queryOptions({ search: search || undefined }));
  const emergency = useMutation(
    trpc.cockpit.inspections.addEmergency.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.cockpit.equipment.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.cockpit.boards.queryKey() });
      },
    }),
  );
  return (
    <div className="space-y-2 text-[0.85rem]" data-testid="equipment-archive">
      <input
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder={t('cockpit.archive.search')}
        className="w-full rounded border border-slate-600 bg-slate-900 px-2 py-1.5"
        data-testid="equipment-search"
      />
      {emergency.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(emergency.error)}
        </p>
      ) : null}
      <table className="w-full">
        <thead className="text-left text-slate-400">
          <tr>
            <th>{t('cockpit.archive.code')}</th>
            <th>{t('cockpit.archive.name')}</th>
            <th>{t('cockpit.archive.cycle')}</th>
            <th>{t('cockpit.archive.last')}</th>
            <th>{t('cockpit.archive.next')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {equipment.data?.map((e) => (
            <tr key={e.id} className="border-t border-slate-800 align-top" data-testid="equipment-row">
              <td className="py-1">
                {e.code}
                <div className="text-[0.7rem] text-slate-500">{e.qrPayload}</div>
              </td>
              <td>
                {e.name} <span className="text-slate-500">· {t(`cockpit.status.${e.status}`)}</span>
                <div className="text-[0.7rem] text-slate-500">
                  {t(`cockpit.type.${e.type}`)} · {e.area} · {e.tags.join('、')}
                </div>
              </td>
              <td>{t('cockpit.archive.days', { count: e.cycleDays })}</td>
              <td>{e.lastInspectedAt ? formatDateTime(e.lastInspectedAt, locale).slice(0, 10) : '—'}</td>
              <td>{e.nextDueOn ?? '—'}</td>
              <td>
                {canOperate ? (
                  <Button variant="danger" size="xs" onClick={() => emergency.mutate({ equipmentId: e.id })}>
                    {t('cockpit.archive.emergency')}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
