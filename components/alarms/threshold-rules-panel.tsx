'use client';
/**
 * 报警规则阈值变更审批与历史留痕: the thresholds in force, a form to propose a change (rules:propose), the pending
 * proposals that someone else approves or rejects (rules:approve; the server refuses the proposer), and every
 * version with who proposed and who decided it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { formatDateTime } from '@/domain/i18n/format';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Panel } from '@/components/ui/panel';
import type { AlarmRules } from '@/domain/alarms/alarm-rules';

const input = 'w-[5.5rem] rounded border border-slate-600 bg-slate-900 px-1 text-right tabular-nums';

export function ThresholdRulesPanel() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const { can } = useSession();
  const versions = useQuery(trpc.alarms.rules.list.queryOptions());
  const active = versions.data?.find((v) => v.active);
  const [draft, setDraft] = useState<AlarmRules | null>(null);
  const [note, setNote] = useState('');
  const refresh = () => void queryClient.invalidateQueries(trpc.alarms.rules.pathFilter());
  const propose = useMutation(
    trpc.alarms.rules.propose.mutationOptions({
      onSuccess: () => {
        setDraft(null);
        setNote('');
        refresh();
      },
    }),
  );
  const decide = useMutation(trpc.alarms.rules.decide.mutationOptions({ onSuccess: refresh }));
  const rules = draft ?? active?.rules;

  const setThreshold = (type: string, field: 'raise' | 'clear' | 'level', value: number) => {
    if (!rules) return;
    setDraft({ ...rules, thresholds: { ...rules.thresholds, [type]: { ...rules.thresholds[type], [field]: value } } });
  };
  const setField = (field: 'flapWindowMinutes' | 'incidentRadiusMeters' | 'incidentWindowHours', value: number) =>
    rules && setDraft({ ...rules, [field]: value });
  const editable = can('rules:propose');

  return (
    <Panel title={t('alarms.rules.title')} testId="threshold-rules" bodyClassName="overflow-y-auto p-3 text-[0.85rem]">
      <p className="mb-2 text-slate-400">{t('alarms.rules.subtitle')}</p>
      {!editable ? <p className="mb-2 text-amber-300">{t('alarms.rules.noPermission')}</p> : null}
      {rules ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            propose.mutate({ rules, note });
          }}
        >
          <table className="w-full">
            <thead className="text-left text-slate-400">
              <tr>
                <th>{t('alarms.rules.type')}</th>
                <th>{t('alarms.rules.raise')}</th>
                <th>{t('alarms.rules.clear')}</th>
                <th>{t('alarms.rules.level')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(rules.thresholds).map(([type, th]) => (
                <tr key={type} data-testid={`threshold-${type}`}>
                  <td>{t(`alarms.type.${type}`)}</td>
                  <td>
                    <input
                      type="number"
                      step="any"
                      disabled={!editable}
                      data-testid={`threshold-raise-${type}`}
                      className={input}
                      value={th.raise}
                      onChange={(e) => setThreshold(type, 'raise', Number(e.target.value))}
                    />
                  </td>
                  <td>
                    <input
                      type="number"
                      step="any"
                      disabled={!editable}
                      className={input}
                      value={th.clear}
                      onChange={(e) => setThreshold(type, 'clear', Number(e.target.value))}
                    />
                  </td>
                  <td>
                    <select
                      disabled={!editable}
                      className="rounded border border-slate-600 bg-slate-900"
                      value={th.level}
                      onChange={(e) => setThreshold(type, 'level', Number(e.target.value))}
                    >
                      {[1, 2, 3, 4].map((l) => (
                        <option key={l} value={l}>
                          {t(`alarms.level.${l}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="mt-2 grid grid-cols-3 gap-2">
            {(['flapWindowMinutes', 'incidentRadiusMeters', 'incidentWindowHours'] as const).map((field) => (
              <label key={field} className="flex flex-col text-slate-300">
                {t(
                  field === 'flapWindowMinutes'
                    ? 'alarms.rules.flap'
                    : field === 'incidentRadiusMeters'
                      ? 'alarms.rules.radius'
                      : 'alarms.rules.window',
                )}
                <input
                  type="number"
                  disabled={!editable}
                  className={input}
                  value={rules[field]}
                  onChange={(e) => setField(field, Number(e.target.value))}
                />
              </label>
            ))}
          </div>
          {editable ? (
            <div className="mt-2 flex gap-2">
              <input
                data-testid="threshold-note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('alarms.rules.note')}
                className="flex-1 rounded border border-slate-600 bg-slate-900 px-2"
              />
              <Button
                type="submit"
                data-testid="threshold-propose"
                disabled={!draft || !note.trim() || propose.isPending}
                variant="outline"
                size="sm"
              >
                {t('alarms.rules.propose')}
              </Button>
            </div>
          ) : null}
          {propose.isSuccess ? <p className="mt-1 text-emerald-300">{t('alarms.rules.proposed')}</p> : null}
          {propose.error ? (
            <p role="alert" className="mt-1 text-red-300">
              {errorMessage(propose.error)}
            </p>
          ) : null}
        </form>
      ) : null}

      <h3 className="mt-4 border-t border-sky-400/15 pt-2 font-semibold text-sky-200">{t('alarms.rules.history')}</h3>
      {decide.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(decide.error)}
        </p>
      ) : null}
      <ul className="divide-y divide-sky-400/10">
        {(versions.data ?? []).map((v) => (
          <li key={v.version} data-testid="rules-version" data-status={v.status} className="py-2">
            <div className="flex items-center gap-2">
              <span className="font-semibold">{t('alarms.rules.version', { v: v.version })}</span>
              <span className="text-slate-300">{t(`alarms.rules.status.${v.status}`)}</span>
              {v.active ? <span className="rounded bg-emerald-700 px-1 text-[0.72rem]">{t('alarms.rules.active')}</span> : null}
              {/* The installed version's note was written by the system, not a person: it is shown in the reader's language. */}
              <span className="flex-1 truncate text-slate-400" title={v.proposedBy === null ? undefined : (v.note ?? undefined)}>
                {v.proposedBy === null ? t('alarms.rules.installedNote') : v.note}
              </span>
              {v.status === 'proposed' && can('rules:approve') ? (
                <>
                  <Button
                    data-testid="rules-approve"
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ version: v.version, approve: true })}
                    variant="confirm"
                    size="sm"
                  >
                    {t('alarms.rules.approve')}
                  </Button>
                  <Button
                    disabled={decide.isPending}
                    onClick={() => decide.mutate({ version: v.version, approve: false })}
                    variant="danger"
                    size="sm"
                  >
                    {t('alarms.rules.reject')}
                  </Button>
                </>
              ) : null}
            </div>
            <div className="text-[0.75rem] text-slate-400">
              {t('alarms.rules.by', { who: v.proposedBy ?? t('orders.actor.system'), at: formatDateTime(v.proposedAt, locale) })}
              {v.decidedAt
                ? ` · ${t('alarms.rules.decidedBy', { who: v.decidedBy ?? t('orders.actor.system'), at: formatDateTime(v.decidedAt, locale) })}`
                : ''}
              {Object.entries(v.rules.thresholds)
                .map(([type, th]) => ` · ${t(`alarms.type.${type}`)} ${th.raise}/${th.clear}`)
                .join('')}
            </div>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
