'use client';
/** A dialog over the wall screen (forms, the equipment archive), closed by its cancel button. */
import type { ReactNode } from 'react';

export function Modal({
  title,
  closeLabel,
  onClose,
  children,
  testId,
  wide = false,
}: {
  title: string;
  /** The close button's text, in the caller's words (取消, 关闭). */
  closeLabel: string;
  onClose(): void;
  children: ReactNode;
  testId: string;
  wide?: boolean;
}) {
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60" data-testid={testId}>
      <div
        className={`max-h-[90vh] ${wide ? 'w-[60rem]' : 'w-[32rem]'} max-w-[95vw] overflow-y-auto rounded-lg border border-sky-400/40 bg-[#0a1a30] p-4 text-slate-100`}
      >
        <div className="mb-3 flex items-center justify-between">
          <h2 className="text-[1.1rem] font-semibold text-sky-100">{title}</h2>
          <button type="button" onClick={onClose} className="text-slate-400 hover:text-slate-100">
            {closeLabel}
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
