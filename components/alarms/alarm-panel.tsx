'use client';
/**
 * The wall's alarm list: open alarms by level (colour-coded), with the object, repeats and reading; 确认
 * (recorded with who), 转工单 (one click: a new order, or the open one about the same place), 消除 with a reason.
 * Toggles: sound, and following critical alarms on the map.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { formatTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import { cssColour } from '@/components/map/status-colours';
import type { AlarmLevel } from '@/domain/alarms/alarm-types';
import { ALARM_LEVEL_RGBA } from '@/components/alarms/alarm-colours';
import type { AlarmView } from '@/domain/alarms/alarm-view';

export const levelCss = (level: number) => cssColour(ALARM_LEVEL_RGBA[level as AlarmLevel]);

export interface AlarmPanelProps {
  alarms: readonly AlarmView[];
  canHandle: boolean;
  sound: boolean;
  follow: boolean;
  onSound(on: boolean): void;
  onFollow(on: boolean): void;
  onChanged(alarm: AlarmView): void;
  onLocate(alarm: AlarmView): void;
  className?: string;
  /** The panel's title: the live alarms by default, the alarms open at the moment shown in a replay. */
  titleKey?: string;
}

export function AlarmPanel({
  alarms,
  canHandle,
  sound,
  follow,
  onSound,
  onFollow,
  onChanged,
  onLocate,
  className = '',
  titleKey = 'alarms.panel.title',
}: AlarmPanelProps) {
  const { t } = useI18n();
  const toggles = (
    <div className="flex items-center gap-2 text-[0.72rem] text-slate-300">
      <span data-testid="alarm-count" className="tabular-nums text-sky-200">
        {t('alarms.panel.count', { n: alarms.length })}
      </span>
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          data-testid="alarm-sound-toggle"
          checked={sound}
          onChange={(e) => onSound(e.target.checked)}
          className="accent-sky-400"
        />
        {t('alarms.panel.sound')}
      </label>
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          data-testid="alarm-follow-toggle"
          checked={follow}
          onChange={(e) => onFollow(e.target.checked)}
          className="accent-sky-400"
        />
        {t('alarms.panel.follow')}
      </label>
      <a href="/alarms" className="text-sky-300 underline-offset-2 hover:underline">
        {t('alarms.panel.rules')}
      </a>
      <a href="/alarms/history" data-testid="alarm-history-link" className="text-sky-300 underline-offset-2 hover:underline">
        {t('alarmHistory.link')}
      </a>
    </div>
  );
  return (
    <Panel title={t(titleKey)} aside={toggles} testId="alarm-panel" className={className} bodyClassName="overflow-y-auto">
      {alarms.length === 0 ? (
        <p className="p-3 text-[0.85rem] text-slate-400">{t('alarms.panel.empty')}</p>
      ) : (
        <ul className="divide-y divide-sky-400/10">
          {alarms.map((a) => (
            <AlarmRow key={a.id} alarm={a} canHandle={canHandle} onChanged={onChanged} onLocate={onLocate} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

function AlarmRow({
  alarm,
  canHandle,
  onChanged,
  onLocate,
}: {
  alarm: AlarmView;
  canHandle: boolean;
  onChanged(a: AlarmView): void;
  onLocate(a: AlarmView): void;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [clearing, setClearing] = useState(false);
  const [reason, setReason] = useState('');
  const options = {
    onSuccess: (a: AlarmView) => {
      setClearing(false);
      onChanged(a);
    },
  };
  const ack = useMutation(trpc.alarms.acknowledge.mutationOptions(options));
  const toOrder = useMutation(trpc.alarms.toOrder.mutationOptions(options));
  const clear = useMutation(trpc.alarms.clear.mutationOptions(options));
  const error = ack.error ?? toOrder.error ?? clear.error;
  const busy = ack.isPending || toOrder.isPending || clear.isPending;
  return (
    <li
      data-testid="alarm-row"
      data-alarm-id={alarm.id}
      data-object-code={alarm.objectCode}
      data-status={alarm.status}
      data-level={alarm.level}
      className="px-2 py-[0.35rem] text-[0.8rem]"
    >
      <div className="flex items-center gap-2">
        <span
          className={`shrink-0 rounded px-1 text-[0.7rem] font-semibold text-slate-950 ${alarm.status === 'active' && alarm.level === 1 ? 'animate-pulse' : ''}`}
          style={{ background: levelCss(alarm.level) }}
        >
          {t(`alarms.level.${alarm.level}`)}
        </span>
        <button
          type="button"
          onClick={() => onLocate(alarm)}
          className="min-w-0 flex-1 truncate text-left text-slate-100 hover:text-sky-200"
          title={alarm.objectName ?? alarm.objectCode}
        >
          {t(`alarms.type.${alarm.type}`)} · {alarm.objectName ?? alarm.objectCode}
        </button>
        {alarm.count > 1 ? <span className="tabular-nums text-amber-300">{t('alarms.panel.repeats', { n: alarm.count })}</span> : null}
        <span className="tabular-nums text-slate-400">{formatTime(alarm.lastSeenAt, locale)}</span>
      </div>
      <div className="mt-[0.2rem] flex items-center gap-2 text-[0.72rem] text-slate-400">
        <span className="min-w-0 flex-1 truncate">
          {alarm.status === 'acknowledged' && alarm.acknowledgedBy
            ? t('alarms.panel.ackBy', { name: alarm.acknowledgedBy })
            : t(`alarms.status.${alarm.status}`)}
          {alarm.value !== null && alarm.threshold !== null
            ? ` · ${t('alarms.panel.value', { value: alarm.value, threshold: alarm.threshold })}`
            : ''}
          {alarm.orderCode ? (
            <span data-testid="alarm-order" className="ml-1 text-sky-300">
              · {t(alarm.orderLink === 'joined' ? 'alarms.panel.joined' : 'alarms.panel.order', { code: alarm.orderCode })}
            </span>
          ) : null}
        </span>
        {canHandle && alarm.status === 'active' ? (
          <Button
            data-testid="alarm-ack"
            disabled={busy}
            onClick={() => ack.mutate({ id: alarm.id, expectedVersion: alarm.version })}
            variant="outline"
            size="xs"
          >
            {t('alarms.panel.ack')}
          </Button>
        ) : null}
        {canHandle && alarm.status === 'acknowledged' && alarm.orderId === null ? (
          <Button data-testid="alarm-to-order" disabled={busy} onClick={() => toOrder.mutate({ id: alarm.id })} variant="warn" size="xs">
            {t('alarms.panel.toOrder')}
          </Button>
        ) : null}
        {canHandle && !clearing ? (
          <Button data-testid="alarm-clear" disabled={busy} onClick={() => setClearing(true)} variant="quiet" size="xs">
            {t('alarms.panel.clear')}
          </Button>
        ) : null}
      </div>
      {clearing ? (
        <form
          className="mt-1 flex gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            clear.mutate({ id: alarm.id, reason, expectedVersion: alarm.version });
          }}
        >
          <input
            data-testid="alarm-clear-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('alarms.panel.clearReason')}
            className="min-w-0 flex-1 rounded border border-slate-600 bg-slate-900 px-1 text-[0.75rem] text-slate-100"
          />
          <Button type="submit" data-testid="alarm-clear-confirm" disabled={busy || !reason.trim()} variant="danger" size="xs">
            {t('alarms.panel.clearConfirm')}
          </Button>
          <Button onClick={() => setClearing(false)} variant="quiet" size="xs">
            {t('alarms.panel.cancel')}
          </Button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="mt-1 text-[0.72rem] text-red-300">
          {errorMessage(error)}
        </p>
      ) : null}
    </li>
  );
}
