'use client';
/** Issues the caller's half of a new account's activation code (system or security administrator); shown once. */
import { useMutation } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';

export function ActivationHalfButton({ userId, username }: { userId: number; username: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const issue = useMutation(trpc.admin.issueActivationHalf.mutationOptions());
  return (
    <span className="text-xs">
      <button
        type="button"
        data-testid={`activation-half-${username}`}
        className="rounded border border-slate-600 px-2"
        onClick={() => issue.mutate({ userId })}
      >
        {t('admin.activation.issue')}
      </button>
      {issue.data && (
        <span className="ml-2" data-testid="activation-half-value">
          {t('admin.activation.half')} <b className="font-mono text-amber-200">{issue.data.half}</b>
        </span>
      )}
      {issue.error && (
        <span role="alert" className="ml-2 text-red-300">
          {errorMessage(issue.error)}
        </span>
      )}
    </span>
  );
}
