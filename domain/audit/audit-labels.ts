/**
 * How an audit entry reads to a person: the action, outcome, object and actor in words. The log keeps its codes
 * (they are what the hash chain covers and what filters match); only the screen translates them.
 */
import { AUDIT_ACTIONS, type AuditAction } from './audit-actions';

type Translate = (key: string, params?: Record<string, string | number>) => string;

const KNOWN_ACTIONS = new Set<string>(AUDIT_ACTIONS);

export function isAuditAction(code: string): code is AuditAction {
  return KNOWN_ACTIONS.has(code);
}

/** An action's name; an action written before this catalogue existed reads as 其他操作, never as its code. */
export function auditActionLabel(code: string, t: Translate): string {
  return isAuditAction(code) ? t(`audit.action.${code}`) : t('audit.action.other');
}

export function auditOutcomeLabel(outcome: string, t: Translate): string {
  return t(outcome === 'ok' || outcome === 'denied' || outcome === 'failed' ? `audit.outcome.${outcome}` : 'audit.outcome.other');
}

/**
 * An object the log names as `kind:id` (`knowledge_entry:70`, `alarm_rules:v3`) reads as its kind in words and
 * its number; anything else (a unit code, a user name, an order number) is a name people already use, shown as is.
 */
export function auditTarget(target: string | null, t: Translate): { kind: string | null; name: string } {
  if (!target) return { kind: null, name: '' };
  const m = /^([a-z_]+):(.+)$/.exec(target);
  if (!m) return { kind: null, name: target };
  const key = `audit.target.${m[1]}`;
  const kind = t(key);
  return kind === key ? { kind: null, name: target } : { kind, name: m[2].replace(/^v(\d+)$/, 'v$1') };
}

/** Who acted: a person by user name, or an outside partner, a device, nobody signed in, or the system itself. */
export function auditActor(username: string, t: Translate): { label: string | null; name: string } {
  const m = /^(partner|device):(.*)$/.exec(username);
  if (m) return { label: t(`audit.actor.${m[1]}`), name: m[2] };
  if (username === 'anonymous') return { label: t('audit.actor.anonymous'), name: '' };
  if (username === 'system') return { label: t('audit.actor.system'), name: '' };
  return { label: null, name: username };
}
