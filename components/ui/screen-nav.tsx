'use client';
/**
 * Links between the screens, each shown only to roles that may use it (the server checks again).
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { useSession } from '@/components/auth/use-session';
import { useI18n } from '@/components/i18n/i18n-provider';

interface Destination {
  key: string;
  href: string;
  labelKey: string;
  /** Any one of these permissions opens the screen. */
  anyOf: readonly string[];
}

export const DESTINATIONS: readonly Destination[] = [
  { key: 'command', href: '/', labelKey: 'nav.command', anyOf: ['map:view'] },
  { key: 'dispatch', href: '/dispatch', labelKey: 'nav.dispatch', anyOf: ['orders:dispatch'] },
  { key: 'alarms', href: '/alarms', labelKey: 'nav.alarms', anyOf: ['alarms:handle', 'rules:propose', 'rules:approve'] },
  { key: 'lighting', href: '/lighting', labelKey: 'nav.lighting', anyOf: ['map:view'] },
  { key: 'data', href: '/data', labelKey: 'data.nav', anyOf: ['map:view'] },
  { key: 'hotline', href: '/hotline', labelKey: 'nav.hotline', anyOf: ['hotline:analyze'] },
  { key: 'cockpit', href: '/cockpit', labelKey: 'nav.cockpit', anyOf: ['cockpit:view'] },
  { key: 'summary', href: '/m', labelKey: 'nav.summary', anyOf: ['summary:view'] },
  { key: 'fees', href: '/fees', labelKey: 'nav.fees', anyOf: ['fees:review', 'fees:approve', 'fees:declare', 'fees:collect'] },
  {
    key: 'settlement',
    href: '/settlement',
    labelKey: 'nav.settlement',
    anyOf: ['settlement:approve', 'settlement:review', 'settlement:supply', 'settlement:calendar'],
  },
  { key: 'dataImport', href: '/data/import', labelKey: 'nav.dataImport', anyOf: ['facilities:steward'] },
  { key: 'knowledge', href: '/knowledge', labelKey: 'nav.knowledge', anyOf: ['knowledge:edit', 'knowledge:review'] },
  // Everyone at work may ask the knowledge base (editors reach it from their own screen).
  { key: 'ask', href: '/knowledge/ask', labelKey: 'nav.ask', anyOf: ['map:view', 'orders:view', 'field:use', 'hotline:analyze'] },
  {
    key: 'admin',
    href: '/admin',
    labelKey: 'nav.admin',
    anyOf: ['users:manage', 'roles:assign', 'audit:read', 'devices:manage', 'partners:operate'],
  },
];

const linkClass = 'whitespace-nowrap rounded border border-sky-400/40 px-2 py-0.5 text-[0.8rem] text-sky-200 hover:bg-sky-900/40';

export function ScreenNav({ current }: { current: string }) {
  const { t } = useI18n();
  const { user, can } = useSession();
  const open = user ? DESTINATIONS.filter((d) => d.href !== current && d.anyOf.some((p) => can(p))) : [];
  const { navRef, rulerRef, fitting } = useLinksThatFit(open.length);
  if (!user) return null;
  const shown = open.slice(0, fitting);
  const rest = open.slice(fitting);
  return (
    <nav ref={navRef} className="relative flex min-w-0 flex-1 items-center gap-2" aria-label={t('nav.label')}>
      {/* An invisible copy of every link, measured to know how many fit (it follows language and scale by itself). */}
      <div ref={rulerRef} aria-hidden className="pointer-events-none invisible absolute left-0 top-0 flex gap-2">
        {open.map((d) => (
          <span key={d.key} className={linkClass}>
            {t(d.labelKey)}
          </span>
        ))}
      </div>
      {shown.map((d) => (
        <a key={d.key} href={d.href} data-testid={`nav-${d.key}`} className={linkClass}>
          {t(d.labelKey)}
        </a>
      ))}
      {rest.length > 0 && (
        // Links that do not fit on the one line go under 更多, so the header never wraps and nothing is cut.
        <details data-testid="nav-more" className="relative shrink-0">
          <summary className={`${linkClass} cursor-pointer list-none`}>{t('nav.more', { count: rest.length })}</summary>
          <div className="absolute left-0 top-full z-50 mt-1 flex flex-col gap-1 rounded border border-sky-400/30 bg-[#071426] p-2 shadow-lg">
            {rest.map((d) => (
              <a key={d.key} href={d.href} data-testid={`nav-${d.key}`} className={linkClass}>
                {t(d.labelKey)}
              </a>
            ))}
          </div>
        </details>
      )}
    </nav>
  );
}

/** Room for the 更多 button, in pixels. */
const MORE_WIDTH = 80;

/** How many links fit the nav's width, recomputed whenever the nav or the links' natural widths change. */
function useLinksThatFit(total: number) {
  const navRef = useRef<HTMLElement>(null);
  const rulerRef = useRef<HTMLDivElement>(null);
  const [fitting, setFitting] = useState(total);
  useLayoutEffect(() => {
    const nav = navRef.current;
    const ruler = rulerRef.current;
    if (!nav || !ruler) return;
    const measure = () => {
      const widths = Array.from(ruler.children).map((c) => c.getBoundingClientRect().width);
      const gap = parseFloat(getComputedStyle(nav).columnGap) || 0;
      const room = nav.clientWidth;
      let used = 0;
      let n = 0;
      for (const w of widths) {
        const next = used + (n > 0 ? gap : 0) + w;
        const needsMore = n + 1 < widths.length;
        if (next + (needsMore ? gap + MORE_WIDTH : 0) > room) break;
        used = next;
        n += 1;
      }
      setFitting(n);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(nav);
    observer.observe(ruler);
    return () => observer.disconnect();
  }, [total]);
  return { navRef, rulerRef, fitting };
}
