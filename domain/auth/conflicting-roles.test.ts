import { describe, expect, it } from 'vitest';
import { conflictOf } from './conflicting-roles';
import { can, ROLES } from './roles';
import { passwordProblem } from './password-policy';

describe('conflicting roles', () => {
  it('no single role both proposes and approves', () => {
    expect(ROLES.filter((r) => can(r, 'rules:propose') && can(r, 'rules:approve'))).toEqual([]);
  });
  it('every proposer conflicts with every approver, and the administrators with each other', () => {
    for (const p of ROLES.filter((r) => can(r, 'rules:propose'))) {
      for (const a of ROLES.filter((r) => can(r, 'rules:approve'))) expect(conflictOf(p, [a])).not.toBeNull();
    }
    expect(conflictOf('system_admin', ['security_admin'])).not.toBeNull();
    expect(conflictOf('dispatcher', ['field_unit'])).toBeNull();
  });
});

describe('password policy and masking', () => {
  it('names the first rule a password breaks', () => {
    expect(passwordProblem('Short-1', 'wang')).toBe('password.tooShort');
    expect(passwordProblem('alllowercaseletters', 'wang')).toBeNull();
    expect(passwordProblem('abcdefghijkl', 'wang')).toBe('password.tooSimple');
    expect(passwordProblem('Wang-Min-2026x', 'wang')).toBe('password.containsUsername');
    expect(passwordProblem('P@ssw0rd1234', 'wang')).toBe('password.common');
    expect(passwordProblem('Blue-Kettle-47', 'wang')).toBeNull();
  });
});
