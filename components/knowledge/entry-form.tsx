'use client';
/** An editor's new entry: saved as a draft with its near-duplicates shown beside it, then proposed for review. */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field, Input, Select, TextArea } from '@/components/ui/field';
import { DraftResult } from './draft-result';

const TYPES = ['qa', 'matter', 'topic', 'policy', 'material', 'form', 'wiki'] as const;

export function EntryForm() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const errorMessage = useErrorMessage();
  const [type, setType] = useState<(typeof TYPES)[number]>('qa');
  const [title, setTitle] = useState('');
  const [questions, setQuestions] = useState('');
  const [answer, setAnswer] = useState('');
  const [sourceRef, setSourceRef] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [sensitive, setSensitive] = useState(false);
  const save = useMutation(trpc.knowledge.create.mutationOptions());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      type,
      title,
      questions: questions
        .split('\n')
        .map((q) => q.trim())
        .filter(Boolean),
      answer,
      sourceRef: sourceRef.trim() || null,
      validUntil: validUntil || null,
      sensitive,
    });
  };
  return (
    <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
      <form onSubmit={submit} className="space-y-2 text-sm" data-testid="knowledge-entry-form">
        <Field label={t('knowledge.field.type')}>
          <Select value={type} onChange={(e) => setType(e.target.value as (typeof TYPES)[number])}>
            {TYPES.map((v) => (
              <option key={v} value={v}>
                {t(`knowledge.type.${v}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('knowledge.field.title')}>
          <Input wide data-testid="entry-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <Field label={t('knowledge.field.questions')}>
          <TextArea wide rows={2} data-testid="entry-questions" value={questions} onChange={(e) => setQuestions(e.target.value)} />
        </Field>
        <Field label={t('knowledge.field.answer')}>
          <TextArea wide rows={4} data-testid="entry-answer" value={answer} onChange={(e) => setAnswer(e.target.value)} />
        </Field>
        <Field label={t('knowledge.field.source')}>
          <Input wide value={sourceRef} onChange={(e) => setSourceRef(e.target.value)} />
        </Field>
        <Field label={t('knowledge.field.validUntil')}>
          <Input type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} />
        </Field>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} />
          {t('knowledge.field.sensitive')}
        </label>
        <div className="flex gap-2">
          <Button type="submit" variant="primary" size="md" data-testid="entry-save" disabled={save.isPending}>
            {t('knowledge.save')}
          </Button>
        </div>
        {save.error && (
          <p role="alert" className="text-red-300">
            {errorMessage(save.error)}
          </p>
        )}
        {save.data && <p className="text-emerald-300">{t('knowledge.saved', { version: save.data.version })}</p>}
      </form>
      <aside className="rounded border border-slate-700 p-3 text-sm">
        {save.data ? (
          // A new save is a new draft: the merge and propose state start afresh.
          <DraftResult key={`${save.data.entryId}:${save.data.version}`} saved={save.data} testId="entry-draft" />
        ) : (
          <>
            <h3 className="mb-2 font-semibold">{t('knowledge.similar')}</h3>
            <p className="text-slate-400">{t('knowledge.noSimilar')}</p>
          </>
        )}
      </aside>
    </div>
  );
}
