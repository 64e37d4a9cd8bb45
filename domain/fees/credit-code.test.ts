import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode, normalizeCreditCode, withCheckCharacter } from './credit-code';

// Published codes of real enterprises (business licences are public records).
const REAL = [
  '91350100M000100Y43', // the example of GB 32100-2015
  '9144030071526726XG', // 深圳市腾讯计算机系统有限公司
  '914403001922038216', // 华为技术有限公司
  '91110000600037341L',
  '91330100799655058B',
];

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it.each(REAL)('accepts the real code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it.each(REAL)('refuses %s with any other check character', (code) => {
    for (const wrong of '0123456789ABCDEFGHJKLMNPQRTUWXY') {
      if (wrong === code[17]) continue;
      expect(creditCodeProblem(code.slice(0, 17) + wrong)).toBe('check');
    }
  });

  it('refuses a swapped pair of digits, a wrong length and letters outside the alphabet', () => {
    expect(creditCodeProblem('914403009122038216')).toBe('check');
    expect(creditCodeProblem('91440300192203821')).toBe('length');
    expect(creditCodeProblem('9144030019220382161')).toBe('length');
    expect(creditCodeProblem('91440300I92203821X')).toBe('character');
    expect(creditCodeProblem('91440300S92203821X')).toBe('character');
  });

  it('reads what a person typed in lower case with spaces around it', () => {
    expect(normalizeCreditCode(' 9144030071526726xg ')).toBe('9144030071526726XG');
    expect(isValidCreditCode(' 9144030071526726xg ')).toBe(true);
  });

  it('completes a 17-character prefix into a valid code', () => {
    expect(withCheckCharacter('91350100M000100Y4')).toBe('91350100M000100Y43');
    expect(() => withCheckCharacter('91350100M000100I4')).toThrow();
  });
});
