/** A link to another screen in a screen's title bar (the wall, dispatch, the cockpit, lighting). */
import type { ReactNode } from 'react';

export function NavLink({ href, testId, children }: { href: string; testId: string; children: ReactNode }) {
  return (
    <a href={href} data-testid={testId} className="rounded border border-sky-400/40 px-2 py-0.5 text-[0.8rem] text-sky-200 hover:bg-sky-900/40">
      {children}
    </a>
  );
}
