'use client';
/**
 * A file chooser in the product's language: the browser's own control words its button and "no file" in the
 * browser's language, not the one chosen in OneMap, so the native input is kept (for keyboards and tests) but
 * hidden, behind a labelled button and the chosen file's name.
 */
import { type ChangeEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';

export function FilePicker({
  accept,
  testId,
  label,
  onChoose,
}: {
  accept: string;
  testId: string;
  /** What the file is, for screen readers (the visible button says 选择文件 / Choose file). */
  label: string;
  onChoose: (file: File | null) => void | Promise<void>;
}) {
  const { t } = useI18n();
  const [name, setName] = useState<string | null>(null);
  const change = (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0] ?? null;
    setName(chosen?.name ?? null);
    void onChoose(chosen);
  };
  return (
    <span className="inline-flex min-w-0 items-center gap-2">
      <label className="cursor-pointer whitespace-nowrap rounded border border-sky-400/60 bg-sky-900/40 px-3 py-1 text-[0.85rem] text-sky-100 focus-within:ring-2 focus-within:ring-sky-400 hover:bg-sky-800/60">
        {t('app.chooseFile')}
        <input type="file" accept={accept} className="sr-only" data-testid={testId} aria-label={label} onChange={change} />
      </label>
      <span className="min-w-0 truncate text-[0.85rem] text-slate-300" data-testid={`${testId}-name`}>
        {name ?? t('app.noFileChosen')}
      </span>
    </span>
  );
}
