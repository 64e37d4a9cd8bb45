/**
 * Reading a bank statement line for 对账核销 (issue 16): the bill codes its 附言 (memo) names, and the fingerprint
 * that stores a line once however often its statement is imported. Pure.
 */

/** A bill code as printed on bills and payment vouchers: ZD-yyyymm-nnnnnn-C (contract) or -S (overage). */
const BILL_CODE = /ZD-?(\d{6})-?(\d{6})-?([CS])/gi;

/** Every bill code the memo names, normalised and without repeats, in the order written. */
export function billCodesInMemo(memo: string): string[] {
  const codes = new Set<string>();
  for (const m of memo.normalize('NFKC').matchAll(BILL_CODE)) codes.add(`ZD-${m[1]}-${m[2]}-${m[3]!.toUpperCase()}`);
  return [...codes];
}

/**
 * One statement line's identity: the same transaction imported again (the same statement twice, or two overlapping
 * ones) has the same fingerprint; `occurrence` tells apart identical transactions on one day (the 2nd, 3rd, …).
 */
export function lineFingerprint(line: {
  txnDate: string;
  amountFen: number;
  counterpartyAccount: string;
  memo: string;
  occurrence: number;
}): string {
  return [
    line.txnDate,
    line.amountFen,
    line.counterpartyAccount.replace(/\s+/g, ''),
    line.memo.normalize('NFKC').trim(),
    line.occurrence,
  ].join('|');
}
