'use client';
/**
 * 全流程留痕: every ledger event of an order, oldest first — who (and in which role), when, the move, the note, and
 * the photos and files that came with it (the evidence a dispatcher checks before closing).
 */
import { useI18n } from '@/components/i18n/i18n-provider';
import { formatDateTime } from '@/domain/i18n/format';
import type { OrderDetail, TimelineEntry } from '@/components/orders/order-types';

type Attachment = OrderDetail['attachments'][number];

function EventAttachments({ attachments }: { attachments: readonly Attachment[] }) {
  const { t } = useI18n();
  return (
    <div className="mt-1 flex flex-wrap gap-1.5" data-testid="timeline-attachments" data-count={attachments.length}>
      {attachments.map((a) => {
        const href = `/api/uploads/${a.contentHash}`;
        const label = a.fileName ?? t(`orders.attachmentPurpose.${a.purpose}`);
        return a.mediaType.startsWith('image/') ? (
          <a key={a.id} href={href} target="_blank" rel="noreferrer" title={label}>
            <img
              src={href}
              alt={label}
              loading="lazy"
              className="h-[3.5rem] w-[3.5rem] rounded border border-sky-400/30 object-cover"
              data-testid="timeline-photo"
            />
          </a>
        ) : (
          <a
            key={a.id}
            href={href}
            target="_blank"
            rel="noreferrer"
            className="rounded border border-sky-400/30 px-2 py-1 text-[0.72rem] text-sky-200 underline"
          >
            {label}
          </a>
        );
      })}
    </div>
  );
}

/** Who acted: a person's name and role; the system once, plainly (not "系统 · 系统"). */
function actorLabel(t: (key: string) => string, e: TimelineEntry): string {
  return e.actorRole === 'system' ? t('orders.actor.system') : `${e.actorName} · ${t(`role.${e.actorRole}`)}`;
}

/** The date a person's 督办 must be done by, from the event's detail. */
function dueByOf(e: TimelineEntry): Date | null {
  const due = (e.detail as { dueBy?: unknown }).dueBy;
  return e.action === 'escalate' && typeof due === 'string' ? new Date(due) : null;
}

export function OrderTimeline({ entries, attachments }: { entries: readonly TimelineEntry[]; attachments: readonly Attachment[] }) {
  const { t, locale } = useI18n();
  const ofEvent = (e: TimelineEntry) => attachments.filter((a) => e.attachmentIds.includes(a.id));
  return (
    <ol data-testid="order-timeline" className="relative ml-2 border-l border-sky-400/30">
      {entries.map((e) => (
        <li key={e.id} data-testid="timeline-entry" data-action={e.action} className="mb-2 ml-3">
          <span className="absolute -left-[0.3rem] mt-[0.35rem] h-[0.6rem] w-[0.6rem] rounded-full bg-sky-400" aria-hidden />
          <div className="flex flex-wrap items-baseline gap-x-2 text-[0.8rem]">
            <span className="font-semibold text-sky-100">{t(`orders.action.${e.action}`)}</span>
            {e.from && e.from !== e.to ? (
              <span className="text-slate-400">
                {t('dispatchUi.timelineMove', { from: t(`orders.status.${e.from}`), to: t(`orders.status.${e.to}`) })}
              </span>
            ) : null}
            <span className="ml-auto tabular-nums text-[0.72rem] text-slate-500">{formatDateTime(e.at, locale)}</span>
          </div>
          <div className="text-[0.75rem] text-slate-400" data-testid="timeline-actor">
            {actorLabel(t, e)}
          </div>
          {dueByOf(e) ? (
            <div className="text-[0.75rem] text-amber-200" data-testid="timeline-due">
              {t('dispatchUi.dueBy')} {formatDateTime(dueByOf(e)!, locale)}
            </div>
          ) : null}
          {e.note ? <div className="text-[0.75rem] text-slate-300">{e.note}</div> : null}
          {e.attachmentIds.length ? <EventAttachments attachments={ofEvent(e)} /> : null}
        </li>
      ))}
    </ol>
  );
}
