'use client';
/**
 * Sign-in by phone number for payers and collection companies (清费云): a one-time code by SMS — from the
 * simulated gateway here, which the screen says, showing the code in the demo — then either the number's account
 * signs in, or a number without one registers its unit: payer (with its address from the gazetteer) or company.
 * The new unit waits for a fee clerk's verification.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { creditCodeProblem, normalizeCreditCode } from '@/domain/fees/credit-code';
import { PAYER_KINDS, type PayerKind } from '@/domain/fees/fee-values';
import { homePathFor } from './home-path';

function Registration({ phone, code }: { phone: string; code: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [party, setParty] = useState<'payer' | 'company'>('payer');
  const [name, setName] = useState('');
  const [creditCode, setCreditCode] = useState('');
  const [kind, setKind] = useState<PayerKind>('shop');
  const [addressText, setAddressText] = useState('');
  const [addressId, setAddressId] = useState<number | null>(null);
  const [contactName, setContactName] = useState('');
  const addresses = useQuery(
    trpc.fees.addresses.queryOptions(
      { text: addressText.trim() },
      { enabled: party === 'payer' && addressText.trim().length >= 2 && addressId === null },
    ),
  );
  const register = useMutation(trpc.fees.register.mutationOptions({ onSuccess: () => window.location.replace('/fees') }));
  const codeProblem = creditCode.trim() ? creditCodeProblem(normalizeCreditCode(creditCode)) : null;
  const ready = name.trim() && creditCode.trim() && !codeProblem && contactName.trim() && (party === 'company' || addressId !== null);
  return (
    <form
      data-testid="phone-register"
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        register.mutate({
          phone,
          code,
          registration:
            party === 'payer'
              ? { party, name, creditCode, kind, addressId: addressId!, contactName }
              : { party, name, creditCode, contactName },
        });
      }}
    >
      <p className="text-sm text-slate-300">{t('phone.register.intro')}</p>
      <Field label={t('phone.register.party')}>
        <Select wide value={party} onChange={(e) => setParty(e.target.value as 'payer' | 'company')} data-testid="register-party">
          <option value="payer">{t('role.fee_payer')}</option>
          <option value="company">{t('role.collection_company')}</option>
        </Select>
      </Field>
      <Field label={t('phone.register.name')}>
        <Input wide size="lg" value={name} onChange={(e) => setName(e.target.value)} data-testid="register-name" />
      </Field>
      <Field
        label={t('phone.register.creditCode')}
        error={codeProblem ? t(`fees.error.creditCode.${codeProblem}`, { code: normalizeCreditCode(creditCode) }) : null}
      >
        <Input
          wide
          size="lg"
          value={creditCode}
          onChange={(e) => setCreditCode(e.target.value)}
          data-testid="register-credit-code"
          autoCapitalize="characters"
        />
      </Field>
      {party === 'payer' ? (
        <>
          <Field label={t('phone.register.kind')}>
            <Select wide value={kind} onChange={(e) => setKind(e.target.value as PayerKind)}>
              {PAYER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`fees.payerKind.${k}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('phone.register.address')}>
            <Input
              wide
              size="lg"
              value={addressText}
              placeholder={t('phone.register.addressHint')}
              onChange={(e) => {
                setAddressText(e.target.value);
                setAddressId(null);
              }}
              data-testid="register-address"
            />
          </Field>
          {addressId === null && addresses.data?.length ? (
            <ul className="max-h-[12rem] overflow-y-auto rounded border border-slate-700" data-testid="register-address-options">
              {addresses.data.map((a) => (
                <li key={a.id}>
                  <button
                    type="button"
                    className="w-full px-3 py-2 text-left text-sm hover:bg-slate-800"
                    onClick={() => {
                      setAddressId(a.id);
                      setAddressText(a.address);
                    }}
                  >
                    {a.address} <span className="text-slate-400">{a.sub_district_name}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      <Field label={t('phone.register.contact')}>
        <Input wide size="lg" value={contactName} onChange={(e) => setContactName(e.target.value)} data-testid="register-contact" />
      </Field>
      {register.error ? (
        <p role="alert" className="rounded border border-red-500/40 bg-red-950/60 px-3 py-2 text-sm text-red-200">
          {errorMessage(register.error)}
        </p>
      ) : null}
      <Button type="submit" variant="primary" size="block" disabled={!ready || register.isPending} data-testid="register-submit">
        {t('phone.register.submit')}
      </Button>
    </form>
  );
}

export function PhoneSignIn() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const send = useMutation(trpc.auth.phoneCode.mutationOptions());
  const signIn = useMutation(
    trpc.auth.phoneSignIn.mutationOptions({
      onSuccess: (result) => {
        if (result.registered) window.location.replace(homePathFor(result.user.permissions));
      },
    }),
  );
  const registering = signIn.data?.registered === false;
  return (
    <div className="w-full max-w-sm space-y-4 rounded-xl border border-sky-400/30 bg-slate-900/80 p-6 shadow-2xl">
      <div className="flex items-start justify-between">
        <div>
          <h1 className="text-2xl font-semibold text-sky-100">{t('phone.title')}</h1>
          <p className="mt-1 text-xs text-slate-400">{t('phone.subtitle')}</p>
        </div>
        <LanguageSwitch />
      </div>
      {registering ? (
        <Registration phone={phone} code={code} />
      ) : (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            signIn.mutate({ phone, code });
          }}
        >
          <Field label={t('phone.number')}>
            <div className="flex gap-2">
              <Input
                wide
                size="lg"
                inputMode="tel"
                autoComplete="tel"
                value={phone}
                onChange={(e) => setPhone(e.target.value.trim())}
                data-testid="phone-number"
              />
              <Button
                variant="outline"
                disabled={send.isPending || !phone}
                onClick={() => send.mutate({ phone })}
                data-testid="phone-send"
                className="shrink-0"
              >
                {t('phone.send')}
              </Button>
            </div>
          </Field>
          {send.data ? (
            <p data-testid="phone-sent" className="rounded border border-amber-400/40 bg-amber-950/40 px-3 py-2 text-sm text-amber-100">
              {send.data.simulated ? t('phone.simulatedGateway') : t('phone.sent')}
              {send.data.demoCode ? (
                <>
                  {' '}
                  {t('phone.demoCode')} <strong data-testid="phone-demo-code">{send.data.demoCode}</strong>
                </>
              ) : null}
            </p>
          ) : null}
          <Field label={t('phone.code')}>
            <Input
              wide
              size="lg"
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value.trim())}
              data-testid="phone-code"
            />
          </Field>
          {(send.error ?? signIn.error) ? (
            <p role="alert" className="rounded border border-red-500/40 bg-red-950/60 px-3 py-2 text-sm text-red-200">
              {errorMessage(send.error ?? signIn.error)}
            </p>
          ) : null}
          <Button type="submit" variant="primary" size="block" disabled={!phone || !code || signIn.isPending} data-testid="phone-submit">
            {t('phone.submit')}
          </Button>
          <a href="/login" className="block text-xs text-sky-300 hover:underline">
            {t('phone.back')}
          </a>
        </form>
      )}
    </div>
  );
}
