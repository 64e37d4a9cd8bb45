import { describe, expect, it } from 'vitest';
import { billCodesInMemo, lineFingerprint } from './statement';

describe('bank statement lines', () => {
  it('finds every bill code in a memo, however it was typed', () => {
    expect(billCodesInMemo('缴费 ZD-202611-000123-C')).toEqual(['ZD-202611-000123-C']);
    expect(billCodesInMemo('ＺＤ－２０２６１１－０００１２３－ｃ')).toEqual(['ZD-202611-000123-C']);
    expect(billCodesInMemo('ZD202611000123C;ZD-202611-000123-S ZD-202611-000123-C')).toEqual(['ZD-202611-000123-C', 'ZD-202611-000123-S']);
    expect(billCodesInMemo('11月垃圾费')).toEqual([]);
  });

  it('tells identical transactions of one day apart by their occurrence', () => {
    const line = { txnDate: '2026-11-03', amountFen: 100, counterpartyAccount: '6222 0001', memo: 'x', occurrence: 1 };
    expect(lineFingerprint(line)).toBe(lineFingerprint({ ...line, counterpartyAccount: '62220001' }));
    expect(lineFingerprint(line)).not.toBe(lineFingerprint({ ...line, occurrence: 2 }));
  });
});
