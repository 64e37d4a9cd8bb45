import { describe, expect, it } from 'vitest';
import { messages, translate } from '@/domain/i18n/messages';
import { AUDIT_ACTIONS } from './audit-actions';
import { auditActionLabel, auditActor, auditOutcomeLabel, auditTarget } from './audit-labels';

const zh = (key: string, params?: Record<string, string | number>) => translate('zh', key, params);
const en = (key: string, params?: Record<string, string | number>) => translate('en', key, params);

describe('the audit log in words', () => {
  it('names every action the server may write, in both languages, with no two actions named alike', () => {
    for (const locale of ['zh', 'en'] as const) {
      const names = AUDIT_ACTIONS.map((code) => messages[locale][`audit.action.${code}`]);
      expect(names.filter((n) => !n)).toEqual([]);
      expect(new Set(names).size).toBe(AUDIT_ACTIONS.length);
    }
  });

  it('reads actions, outcomes, objects and actors without codes', () => {
    expect(auditActionLabel('auth.sign_in', zh)).toBe('登录');
    expect(auditActionLabel('auth.sign_in', en)).toBe('Sign-in');
    expect(auditActionLabel('legacy.something', zh)).toBe('其他操作');
    expect(auditOutcomeLabel('denied', zh)).toBe('拒绝');
    expect(auditTarget('knowledge_entry:70', zh)).toEqual({ kind: '知识条目', name: '70' });
    expect(auditTarget('alarm_rules:v3', en)).toEqual({ kind: 'Alarm thresholds', name: 'v3' });
    expect(auditTarget('HW-001', zh)).toEqual({ kind: null, name: 'HW-001' });
    expect(auditActor('partner:hotline_12345', zh)).toEqual({ label: '外部系统', name: 'hotline_12345' });
    expect(auditActor('dispatcher', zh)).toEqual({ label: null, name: 'dispatcher' });
  });
});
