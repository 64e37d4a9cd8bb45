'use client';
/** What the unit's phone was just told about one of its orders: 催办, 督办 (with its date), or withdrawn from it. */
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatDateTime } from '@/domain/i18n/format';
import type { OrderToldPayload } from '@/domain/realtime/events';

const TONE: Record<OrderToldPayload['kind'], string> = {
  remind: 'bg-amber-700',
  escalate: 'bg-red-800',
  withdrawn: 'bg-slate-700',
};

export function ToldBanner({ notice, onDismiss }: { notice: OrderToldPayload; onDismiss(): void }) {
  const { t, locale } = useI18n();
  const text = t(`field.told.${notice.kind}`, {
    code: notice.code,
    by: notice.by,
    note: notice.note ? `${locale === 'en' ? ': ' : '：'}${notice.note}` : '',
    due: notice.dueBy === null ? '' : formatDateTime(notice.dueBy, locale),
  });
  return (
    <button
      type="button"
      data-testid="field-told"
      data-kind={notice.kind}
      data-code={notice.code}
      onClick={onDismiss}
      className={`block w-full px-4 py-3 text-left text-[1rem] font-semibold text-white ${TONE[notice.kind]}`}
    >
      {text.trim()}
    </button>
  );
}
