'use client';
/**
 * An entry version's files as download links under their own names (the server checks who may have them), with a
 * remove button where the version is a draft the viewer edits.
 */
import { formatNumber } from '@/domain/i18n/format';
import { knowledgeFilePath } from '@/domain/knowledge/attachment-limits';
import { useI18n } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';

export interface AttachmentItem {
  id: number;
  fileName: string;
  byteSize: number;
}

export function AttachmentList({
  attachments,
  onRemove,
  busy = false,
}: {
  attachments: readonly AttachmentItem[];
  onRemove?: (id: number) => void;
  busy?: boolean;
}) {
  const { t, locale } = useI18n();
  if (attachments.length === 0) return null;
  return (
    <ul className="space-y-1 text-sm" data-testid="attachment-list">
      {attachments.map((a) => (
        <li key={a.id} className="flex flex-wrap items-center gap-2" data-testid="attachment-item">
          <a
            href={knowledgeFilePath(a.id)}
            download={a.fileName}
            className="text-sky-300 underline"
            data-testid="attachment-download"
            aria-label={`${t('knowledge.attachment.download')} ${a.fileName}`}
          >
            {a.fileName}
          </a>
          <span className="text-xs text-slate-400">{formatNumber(Math.max(1, Math.round(a.byteSize / 1024)), locale)} KB</span>
          {onRemove && (
            <Button size="sm" variant="quiet" disabled={busy} data-testid="attachment-remove" onClick={() => onRemove(a.id)}>
              {t('knowledge.attachment.remove')}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
