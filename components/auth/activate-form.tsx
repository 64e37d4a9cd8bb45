'use client';
/**
 * First sign-in of a new account: the two halves of the activation code (one from the system administrator, one
 * from the security administrator) and the user's own new password, checked against the password policy.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { passwordProblem } from '@/domain/auth/password-policy';

const field = 'mt-1 w-full rounded border border-slate-600 bg-slate-800 px-3 py-2 text-slate-100 outline-none focus:border-sky-400';

export function ActivateForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [form, setForm] = useState({ username: '', systemHalf: '', securityHalf: '', password: '' });
  const activate = useMutation(trpc.auth.activate.mutationOptions());
  // The same policy the server applies, told before sending.
  const problem = form.password ? passwordProblem(form.password, form.username) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem) activate.mutate(form);
  };
  const input = (key: keyof typeof form, label: string, type = 'text') => (
    <label className="block text-sm">
      <span className="text-slate-300">{label}</span>
      <input type={type} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} className={field} />
    </label>
  );

  return (
    <form
      onSubmit={submit}
      data-testid="activate-form"
      className="w-full max-w-sm space-y-4 rounded-xl border border-sky-400/30 bg-slate-900/80 p-8 shadow-2xl"
    >
      <h1 className="text-2xl font-semibold text-sky-100">{t('activate.title')}</h1>
      <p className="text-xs text-slate-400">{t('activate.hint')}</p>
      {input('username', t('login.username'))}
      {input('systemHalf', t('activate.systemHalf'))}
      {input('securityHalf', t('activate.securityHalf'))}
      {input('password', t('activate.newPassword'), 'password')}
      {problem && <p className="text-xs text-amber-300">{t(`error.${problem}`)}</p>}
      {activate.error && (
        <p role="alert" className="rounded border border-red-500/40 bg-red-950/60 px-3 py-2 text-sm text-red-200">
          {errorMessage(activate.error)}
        </p>
      )}
      {activate.isSuccess ? (
        <p className="text-emerald-300">{t('activate.done')}</p>
      ) : (
        <button
          type="submit"
          disabled={activate.isPending || Boolean(problem)}
          className="w-full rounded bg-sky-600 py-2 font-medium text-white hover:bg-sky-500 disabled:opacity-60"
        >
          {t('activate.submit')}
        </button>
      )}
      <button type="button" onClick={onDone} className="text-xs text-sky-300 hover:underline">
        {t('activate.back')}
      </button>
    </form>
  );
}
