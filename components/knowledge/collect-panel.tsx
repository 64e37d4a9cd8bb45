'use client';
/**
 * 采集 on /knowledge: a Word document or saved web page, or a 12345 ticket's reply, becomes a draft entry shown with
 * its near-duplicates (to merge) and a button to propose it; a spreadsheet of entries is imported in bulk.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { FilePicker } from '@/components/ui/file-picker';
import { fileToBase64 } from '@/components/ui/file-to-base64';
import { DraftResult } from './draft-result';
import { EntryImport } from './entry-import';

function DocumentImport() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const importDocument = useMutation(trpc.knowledge.importDocument.mutationOptions());
  const choose = async (file: File | null) => {
    if (!file) return;
    importDocument.mutate({ fileName: file.name, base64: await fileToBase64(file) });
  };
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">{t('knowledge.collect.document')}</h3>
      <FilePicker accept=".docx,.html,.htm" testId="collect-document" label={t('knowledge.collect.documentLabel')} onChoose={choose} />
      {importDocument.isPending && <p className="text-slate-400">{t('knowledge.collect.importing')}</p>}
      {importDocument.error && (
        <p role="alert" className="text-red-300">
          {errorMessage(importDocument.error)}
        </p>
      )}
      {importDocument.data && <DraftResult key={importDocument.data.entryId} saved={importDocument.data} testId="document-draft" />}
    </div>
  );
}

function TicketCandidate({ code, category, description, reply }: { code: string; category: string; description: string; reply: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const importTicket = useMutation(trpc.knowledge.importTicket.mutationOptions());
  return (
    <li className="rounded border border-slate-700 p-2" data-testid="ticket-candidate">
      <div>
        <span className="text-slate-400">
          {code} · {category}
        </span>{' '}
        {description}
      </div>
      <div className="text-slate-300">
        {t('knowledge.collect.reply')}：{reply}
      </div>
      {importTicket.data ? (
        <DraftResult saved={importTicket.data} testId="ticket-draft" />
      ) : (
        <Button
          size="sm"
          data-testid="ticket-import"
          disabled={importTicket.isPending}
          // The list is not refetched here: the imported ticket stays, showing its draft, until the page reloads.
          onClick={() => importTicket.mutate({ code })}
        >
          {t('knowledge.collect.importTicket')}
        </Button>
      )}
      {importTicket.error && (
        <p role="alert" className="text-red-300">
          {errorMessage(importTicket.error)}
        </p>
      )}
    </li>
  );
}

function TicketReplies() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const candidates = useQuery(trpc.knowledge.ticketCandidates.queryOptions());
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">{t('knowledge.collect.tickets')}</h3>
      {candidates.data?.length ? (
        <ul className="max-h-96 space-y-2 overflow-y-auto">
          {candidates.data.map((c) => (
            <TicketCandidate key={c.code} {...c} />
          ))}
        </ul>
      ) : (
        <p className="text-slate-400">{t('knowledge.collect.ticketsEmpty')}</p>
      )}
    </div>
  );
}

export function CollectPanel() {
  return (
    <div className="grid gap-4 text-sm md:grid-cols-2">
      <DocumentImport />
      <TicketReplies />
      <EntryImport />
    </div>
  );
}
