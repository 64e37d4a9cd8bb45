'use client';
/**
 * Sign-in: user name, password and, for administrators, the authenticator's one-time code; errors (wrong password,
 * too many attempts) are shown in the user's language. A new account is activated from here too.
 */
import { useMutation } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { type FormEvent, Suspense, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { LanguageSwitch } from '@/components/i18n/language-switch';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { ActivateForm } from './activate-form';
import { homePathFor } from './home-path';
import { safeNextPath } from '@/domain/api/safe-next';

function LoginFormInner() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const params = useSearchParams();
  const errorMessage = useErrorMessage();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [activating, setActivating] = useState(false);
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      // Without an explicit destination each role lands where it works (field units on their phone app). A full
      // page load, not a client-side move: the landing page starts as itself, so the field app's service worker
      // (which takes charge only of pages that began inside its scope) can keep its data from the first visit.
      onSuccess: (user) => window.location.replace(safeNextPath(params.get('next'), homePathFor(user.permissions))),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate({ username, password, totpCode: totpCode || undefined });
  }

  if (activating) return <ActivateForm onDone={() => setActivating(false)} />;

  return (
    <form onSubmit={submit} className="w-full max-w-sm space-y-4 rounded-xl border border-sky-400/30 bg-slate-900/80 p-8 shadow-2xl">
      <div className="flex items-start justify-between">
        <div>
          <h1 className="text-2xl font-semibold text-sky-100">{t('login.title')}</h1>
          <p className="mt-1 text-xs text-slate-400">{t('app.fullName')}</p>
        </div>
        <LanguageSwitch />
      </div>
      <label className="block text-sm">
        <span className="text-slate-300">{t('login.username')}</span>
        <input
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          className="mt-1 w-full rounded border border-slate-600 bg-slate-800 px-3 py-2 text-slate-100 outline-none focus:border-sky-400"
        />
      </label>
      <label className="block text-sm">
        <span className="text-slate-300">{t('login.password')}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="mt-1 w-full rounded border border-slate-600 bg-slate-800 px-3 py-2 text-slate-100 outline-none focus:border-sky-400"
        />
      </label>
      <label className="block text-sm">
        <span className="text-slate-300">{t('login.totp')}</span>
        <input
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={totpCode}
          onChange={(e) => setTotpCode(e.target.value)}
          className="mt-1 w-full rounded border border-slate-600 bg-slate-800 px-3 py-2 text-slate-100 outline-none focus:border-sky-400"
        />
      </label>
      {signIn.error && (
        <p role="alert" className="rounded border border-red-500/40 bg-red-950/60 px-3 py-2 text-sm text-red-200">
          {errorMessage(signIn.error)}
        </p>
      )}
      <button
        type="submit"
        disabled={signIn.isPending}
        className="w-full rounded bg-sky-600 py-2 font-medium text-white hover:bg-sky-500 disabled:opacity-60"
      >
        {signIn.isPending ? t('login.submitting') : t('login.submit')}
      </button>
      <button
        type="button"
        data-testid="activate-link"
        onClick={() => setActivating(true)}
        className="text-xs text-sky-300 hover:underline"
      >
        {t('activate.link')}
      </button>
      <a href="/login/phone" data-testid="phone-sign-in-link" className="block text-xs text-sky-300 hover:underline">
        {t('phone.link')}
      </a>
      <p className="text-xs text-slate-500">{t('login.demoHint')}</p>
    </form>
  );
}

export function LoginForm() {
  return (
    <Suspense>
      <LoginFormInner />
    </Suspense>
  );
}
