'use client';
/**
 * The files of a draft an editor is working on: add one (sent as it is to the files route, checked there for type,
 * size and content) or remove one. Once the draft is proposed its files are only listed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { KNOWLEDGE_ATTACHMENT_ACCEPT, KNOWLEDGE_ATTACHMENT_EXTENSIONS, knowledgeUploadPath } from '@/domain/knowledge/attachment-limits';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { FilePicker } from '@/components/ui/file-picker';
import { AttachmentList } from './attachment-list';

interface Refusal {
  error?: { messageKey?: string; params?: Record<string, string | number> };
}

export function AttachmentEditor({ entryId, version, editable }: { entryId: number; version: number; editable: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const ref = { entryId, version };
  const files = useQuery(trpc.knowledge.attachments.queryOptions(ref));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.attachments.queryKey(ref) });
  const remove = useMutation(trpc.knowledge.removeAttachment.mutationOptions({ onSuccess: () => void refresh() }));
  const [uploading, setUploading] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  const add = async (file: File | null) => {
    if (!file) return;
    setRefusal(null);
    setUploading(true);
    try {
      const ending = file.name.split('.').pop()?.toLowerCase() ?? '';
      const type = file.type || KNOWLEDGE_ATTACHMENT_EXTENSIONS[ending] || 'application/octet-stream';
      const reply = await fetch(knowledgeUploadPath(entryId, version, file.name), {
        method: 'POST',
        headers: { 'content-type': type },
        body: file,
      });
      if (!reply.ok) {
        const body = (await reply.json().catch(() => ({}))) as Refusal;
        setRefusal(t(body.error?.messageKey ?? 'error.generic', body.error?.params));
      }
      await refresh();
    } catch {
      setRefusal(t('error.generic'));
    } finally {
      setUploading(false);
    }
  };

  const error = refusal ?? (remove.error ? errorMessage(remove.error) : null);
  return (
    <div className="space-y-2 text-sm" data-testid="attachment-editor">
      <h3 className="font-semibold">{t('knowledge.attachment.title')}</h3>
      {files.data?.length ? (
        <AttachmentList
          attachments={files.data}
          busy={remove.isPending}
          onRemove={editable ? (attachmentId) => remove.mutate({ ...ref, attachmentId }) : undefined}
        />
      ) : (
        <p className="text-slate-400">{t('knowledge.attachment.none')}</p>
      )}
      {editable && (
        <>
          <FilePicker accept={KNOWLEDGE_ATTACHMENT_ACCEPT} testId="attachment-add" label={t('knowledge.attachment.add')} onChoose={add} />
          <p className="text-xs text-slate-400">{t('knowledge.attachment.hint')}</p>
        </>
      )}
      {uploading && <p className="text-slate-400">{t('knowledge.attachment.uploading')}</p>}
      {error && (
        <p role="alert" className="text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
