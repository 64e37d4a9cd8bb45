'use client';
/** 设备看板: the archive by status and type, today's inspections, and what is at fault or under maintenance. */
import { useState } from 'react';
import { formatNumber } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';
import { StatTile } from '@/components/ui/stat-tile';
import type { CockpitBoards } from './cockpit-types';
import { EquipmentArchive } from './equipment-archive';
import { Modal } from '@/components/ui/modal';
import { Board } from './board';

export function EquipmentBoard({ boards, canOperate }: { boards: CockpitBoards; canOperate: boolean }) {
  const { t, locale } = useI18n();
  const [archive, setArchive] = useState(false);
  const e = boards.equipment;
  const n = (v: number) => formatNumber(v, locale);
  return (
    <Board
      title={t('cockpit.equipment')}
      testId="board-equipment"
      aside={
        <span className="flex gap-2 text-[0.8rem]">
          <Button variant="link" onClick={() => setArchive(true)} data-testid="equipment-archive-open">
            {t('cockpit.archive.open')}
          </Button>
          <a href="/cockpit/inspect" className="text-sky-300 underline">
            {t('cockpit.openCheckIn')}
          </a>
        </span>
      }

      tiles={
        <>
          <StatTile
            testId="equipment-total"
            label={t('cockpit.equipmentTotal')}
            value={n(e.total)}
            note={`${t('cockpit.status.running')} ${n(e.byStatus.running)}`}
            accent="#38bdf8"
          />
          <StatTile
            testId="equipment-fault"
            label={t('cockpit.status.fault')}
            value={n(e.byStatus.fault)}
            note={`${t('cockpit.status.maintenance')} ${n(e.byStatus.maintenance)}`}
            accent={e.byStatus.fault ? '#f87171' : '#34d399'}
          />
          <StatTile
            testId="inspections-today"
            label={t('cockpit.inspectionsToday')}
            value={`${n(e.inspectionsToday.done)} / ${n(e.inspectionsToday.due)}`}
            note={t('cockpit.inspectionsOverdue', { count: n(e.overdueInspections) })}
            accent="#a78bfa"
          />
        </>
      }
    >
      <h3 className="mt-1 text-[0.85rem] text-sky-200">{t('cockpit.byType')}</h3>
      <ul className="space-y-1">
        {e.byType.map((row) => (
          <li key={row.type} className="flex items-center gap-2 text-[0.85rem]">
            <span className="w-[6.5rem] shrink-0 text-slate-300">{t(`cockpit.type.${row.type}`)}</span>
            <span className="relative h-[0.7rem] flex-1 overflow-hidden rounded bg-slate-800">
              <span
                className="absolute inset-y-0 left-0 bg-sky-500/70"
                style={{ width: `${(100 * (row.total - row.fault)) / Math.max(1, e.total / 2)}%` }}
              />
            </span>
            <span className="w-[3rem] text-right tabular-nums text-slate-200">{n(row.total)}</span>
            <span className={`w-[3rem] text-right tabular-nums ${row.fault ? 'text-red-300' : 'text-slate-600'}`}>
              {row.fault ? `⚠ ${n(row.fault)}` : '—'}
            </span>
          </li>
        ))}
      </ul>
      <h3 className="mt-1 text-[0.85rem] text-sky-200">{t('cockpit.attention')}</h3>
      <ul className="min-h-0 flex-1 space-y-1 overflow-y-auto">
        {e.attention.map((a) => (
          <li key={a.code} className="flex justify-between rounded bg-slate-900/60 px-2 py-1 text-[0.85rem]">
            <span>
              {a.name} <span className="text-slate-500">{a.code}</span>
            </span>
            <span className={a.status === 'fault' ? 'text-red-300' : 'text-amber-200'}>{t(`cockpit.status.${a.status}`)}</span>
          </li>
        ))}
      </ul>
      {archive ? (
        <Modal
          closeLabel={t('cockpit.form.cancel')}
          title={t('cockpit.archive.title')}
          onClose={() => setArchive(false)}
          testId="equipment-archive-modal"
          wide
        >
          <EquipmentArchive canOperate={canOperate} />
        </Modal>
      ) : null}
    </Board>
  );
}
