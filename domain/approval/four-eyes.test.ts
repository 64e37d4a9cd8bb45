import { describe, expect, it } from 'vitest';
import { fourEyesRefusal } from './four-eyes';

describe('four-eyes rule', () => {
  const proposal = { status: 'proposed', proposedBy: 7, version: 3 };
  it('refuses the proposer deciding their own proposal', () => {
    expect(fourEyesRefusal(proposal, { deciderId: 7, approve: true })).toBe('selfApproval');
    expect(fourEyesRefusal(proposal, { deciderId: 7, approve: false })).toBe('selfApproval');
  });
  it('lets someone else decide, once', () => {
    expect(fourEyesRefusal(proposal, { deciderId: 8, approve: true })).toBeNull();
    expect(fourEyesRefusal({ ...proposal, status: 'approved' }, { deciderId: 8, approve: true })).toBe('notProposed');
  });
  it('never approves a version older than the one in force, but may reject it', () => {
    expect(fourEyesRefusal(proposal, { deciderId: 8, approve: true, activeVersion: 4 })).toBe('superseded');
    expect(fourEyesRefusal(proposal, { deciderId: 8, approve: false, activeVersion: 4 })).toBeNull();
  });
  it('lets anyone decide a system proposal', () => {
    expect(fourEyesRefusal({ ...proposal, proposedBy: null }, { deciderId: null, approve: true })).toBeNull();
  });
});
