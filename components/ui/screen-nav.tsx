'use client';
/**
 * Links between the screens, each shown only to roles that may use it (the server checks again).
 */
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
  if (!user) return null;
  const open = DESTINATIONS.filter((d) => d.href !== current && d.anyOf.some((p) => can(p)));
  return (
    <nav className="flex min-w-0 items-center gap-2 overflow-hidden" aria-label={t('nav.label')}>
      {open.map((d) => (
        <a key={d.key} href={d.href} data-testid={`nav-${d.key}`} className={linkClass}>
          {t(d.labelKey)}
        </a>
      ))}
    </nav>
  );
}
