/** A framed wall-screen panel with a title bar; sizes in rem so it scales with the wall (wall-scale.ts). */
import type { ReactNode } from 'react';

export interface PanelProps {
  title: ReactNode;
  /** Right side of the title bar (a count, a close button). */
  aside?: ReactNode;
  className?: string;
  bodyClassName?: string;
  testId?: string;
  children: ReactNode;
}

export function Panel({ title, aside, className = '', bodyClassName = '', testId, children }: PanelProps) {
  return (
    <section
      data-testid={testId}
      className={`flex min-h-0 flex-col overflow-hidden rounded-lg border border-sky-400/25 bg-[rgba(8,20,38,0.88)] shadow-[0_0_1.5rem_rgba(14,165,233,0.08)_inset] ${className}`}
    >
      <header className="flex h-[2.25rem] shrink-0 items-center justify-between border-b border-sky-400/15 bg-gradient-to-r from-sky-500/15 to-transparent px-3">
        <h2 className="flex items-center gap-2 text-[0.95rem] font-semibold tracking-wide text-sky-100">
          <span className="h-[0.9rem] w-[0.2rem] rounded-sm bg-sky-400" aria-hidden />
          {title}
        </h2>
        {aside}
      </header>
      <div className={`min-h-0 flex-1 ${bodyClassName}`}>{children}</div>
    </section>
  );
}
