import { describe, expect, it } from 'vitest';
import { containsPattern, escapeLike, prefixPattern } from './like';

describe('LIKE patterns from user text', () => {
  it('escapes the wildcards and the escape character', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
    expect(containsPattern('A_1')).toBe('%A\\_1%');
    expect(prefixPattern('YH-20261203-')).toBe('YH-20261203-%');
  });
});
