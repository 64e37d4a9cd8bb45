'use client';
/**
 * The working-day calendar the deadlines count on: for each year whether it comes from the official calendar the
 * product ships (the chinese-days library), from an administrator's entry, or is not known (weekdays only, flagged);
 * an administrator enters or corrects a year from the State Council's notice.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field, Input, TextArea } from '@/components/ui/field';

const days = (text: string) => text.split(/[\s,，、]+/).filter(Boolean);

export function CalendarYearsPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const calendar = useQuery(trpc.settlement.calendar.queryOptions());
  const [year, setYear] = useState('');
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [note, setNote] = useState('');
  const save = useMutation(
    trpc.settlement.saveCalendarYear.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.settlement.pathKey() }),
    }),
  );
  const existing = calendar.data?.entered.find((e) => String(e.year) === year);
  return (
    <section data-testid="settlement-workdays" className="space-y-3">
      <ul className="flex flex-wrap gap-3 text-[0.9rem]">
        {calendar.data?.years.map((y) => (
          <li key={y.year} data-testid="calendar-year" data-source={y.source} className={y.source === 'weekdays' ? 'text-amber-300' : ''}>
            {y.year}：{t(`settlement.calendarSource.${y.source}`)}
          </li>
        ))}
      </ul>
      {calendar.data?.entered.map((e) => (
        <div key={e.year} className="rounded border border-slate-700 p-2 text-[0.85rem]">
          <b>{e.year}</b> · {e.note} · {e.enteredBy}
          <div className="text-slate-400">
            {t('settlement.holidays')}：{e.holidays.join('、') || '—'}
          </div>
          <div className="text-slate-400">
            {t('settlement.workdays')}：{e.workdays.join('、') || '—'}
          </div>
        </div>
      ))}
      {can('settlement:calendar') ? (
        <form
          className="grid gap-2 rounded border border-slate-700 bg-slate-900/70 p-3 md:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({
              year: Number(year),
              holidays: days(holidays),
              workdays: days(workdays),
              note,
              version: existing?.version ?? null,
            });
          }}
        >
          <h3 className="font-semibold md:col-span-2">{t('settlement.enterYear')}</h3>
          <Field label={t('settlement.year')}>
            <Input wide inputMode="numeric" value={year} onChange={(e) => setYear(e.target.value)} />
          </Field>
          <Field label={t('settlement.source')}>
            <Input wide value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <Field label={t('settlement.holidaysHint')}>
            <TextArea wide rows={3} value={holidays} onChange={(e) => setHolidays(e.target.value)} />
          </Field>
          <Field label={t('settlement.workdaysHint')}>
            <TextArea wide rows={3} value={workdays} onChange={(e) => setWorkdays(e.target.value)} />
          </Field>
          <Button type="submit" variant="primary" disabled={!/^\d{4}$/.test(year) || note.trim().length < 2 || save.isPending}>
            {t('settlement.saveYear')}
          </Button>
          {save.error ? (
            <p role="alert" className="text-red-300">
              {errorMessage(save.error)}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
