'use client';
/**
 * Proposing a lighting plan (e.g. a holiday plan: 国庆, 春节, 进博会): name, date range and its switching rules,
 * each for all lights, a sub-district, a road or a circuit, on at sunset ± minutes or at a fixed time. It takes
 * effect once a different person (rules:approve) approves it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { controlClass } from '@/components/ui/field';

type ScopeKind = 'all' | 'sub_district' | 'road' | 'circuit';
interface RuleDraft {
  scopeKind: ScopeKind;
  scopeValue: string;
  onKind: 'sunset' | 'fixed';
  offsetMinutes: number;
  onTime: string;
  offTime: string;
}

const NEW_RULE: RuleDraft = { scopeKind: 'all', scopeValue: '', onKind: 'sunset', offsetMinutes: 0, onTime: '18:00', offTime: '23:30' };
const input = controlClass('xs');

function toRule(d: RuleDraft) {
  const scope =
    d.scopeKind === 'all'
      ? { kind: 'all' as const }
      : d.scopeKind === 'road'
        ? { kind: 'road' as const, name: d.scopeValue }
        : { kind: d.scopeKind, code: d.scopeValue };
  const on =
    d.onKind === 'sunset' ? { kind: 'sunset' as const, offsetMinutes: d.offsetMinutes } : { kind: 'fixed' as const, time: d.onTime };
  return { scope, on, off: { time: d.offTime } };
}

export function PlanForm({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'normal' | 'holiday'>('holiday');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [rules, setRules] = useState<RuleDraft[]>([NEW_RULE]);
  const propose = useMutation(
    trpc.lighting.propose.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.lighting.plans.queryKey() });
        onDone();
      },
    }),
  );
  const update = (index: number, patch: Partial<RuleDraft>) =>
    setRules((current) => current.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  function submit(event: FormEvent) {
    event.preventDefault();
    propose.mutate({
      name,
      kind,
      startsOn: kind === 'holiday' ? startsOn : null,
      endsOn: kind === 'holiday' ? endsOn : null,
      rules: rules.map(toRule),
    });
  }
  return (
    <form onSubmit={submit} className="space-y-2 text-[0.9rem]" data-testid="lighting-plan-form">
      <div className="flex gap-2">
        <input className={`${input} flex-1`} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('lighting.form.name')} />
        <select className={input} value={kind} onChange={(e) => setKind(e.target.value as 'normal' | 'holiday')}>
          <option value="holiday">{t('lighting.plan.holiday')}</option>
          <option value="normal">{t('lighting.plan.normal')}</option>
        </select>
      </div>
      {kind === 'holiday' ? (
        <div className="flex items-center gap-2">
          <input
            type="date"
            className={input}
            value={startsOn}
            onChange={(e) => setStartsOn(e.target.value)}
            aria-label={t('lighting.form.startsOn')}
          />
          ~
          <input
            type="date"
            className={input}
            value={endsOn}
            onChange={(e) => setEndsOn(e.target.value)}
            aria-label={t('lighting.form.endsOn')}
          />
        </div>
      ) : null}
      {rules.map((r, i) => (
        <div key={i} className="flex flex-wrap items-center gap-1 rounded bg-slate-900/60 p-1.5">
          <select className={input} value={r.scopeKind} onChange={(e) => update(i, { scopeKind: e.target.value as ScopeKind })}>
            {(['all', 'sub_district', 'road', 'circuit'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`lighting.scope.${k}`)}
              </option>
            ))}
          </select>
          {r.scopeKind !== 'all' ? (
            <input
              className={`${input} w-[9rem]`}
              value={r.scopeValue}
              onChange={(e) => update(i, { scopeValue: e.target.value })}
              placeholder={t(`lighting.scope.${r.scopeKind}`)}
            />
          ) : null}
          <select className={input} value={r.onKind} onChange={(e) => update(i, { onKind: e.target.value as 'sunset' | 'fixed' })}>
            <option value="sunset">{t('lighting.form.sunset')}</option>
            <option value="fixed">{t('lighting.form.fixed')}</option>
          </select>
          {r.onKind === 'sunset' ? (
            <input
              type="number"
              className={`${input} w-[4.5rem]`}
              value={r.offsetMinutes}
              onChange={(e) => update(i, { offsetMinutes: Number(e.target.value) })}
              aria-label={t('lighting.form.offset')}
            />
          ) : (
            <input type="time" className={input} value={r.onTime} onChange={(e) => update(i, { onTime: e.target.value })} />
          )}
          {t('lighting.form.offAt')}
          <input type="time" className={input} value={r.offTime} onChange={(e) => update(i, { offTime: e.target.value })} />
        </div>
      ))}
      <Button variant="link" onClick={() => setRules((current) => [...current, NEW_RULE])}>
        {t('lighting.form.addRule')}
      </Button>
      {propose.error ? (
        <p role="alert" className="text-red-300">
          {errorMessage(propose.error)}
        </p>
      ) : null}
      <Button type="submit" disabled={propose.isPending} variant="primary" size="block">
        {t('lighting.form.submit')}
      </Button>
    </form>
  );
}
