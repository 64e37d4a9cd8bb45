'use client';
/** A dialog over the wall screen (forms, the equipment archive), closed by its cancel button. */
import type { ReactNode } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';

export function Modal({ title, onClose, children, testId, wide = false }: { title: string; onClose(): void; children: ReactNode; testId: string; wide?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60" data-testid={testId}>
      <div className={`max-h-[90vh] ${wide ? 'w-[60rem]' : 'w-[32rem]'} max-w-[95vw] overflow-y-auto rounded-lg border border-sky-400/40 bg-[#0a1a30] p-4 text-slate-100`}>
        <div className="mb-3 flex items-center justify-between">
          <h2 className="text-[1.1rem] font-semibold text-sky-100">{title}</h2>
          <button type="button" onClick={onClose} className="text-slate-400 hover:text-slate-100">
            {t('cockpit.form.cancel')}
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
