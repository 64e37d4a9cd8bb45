import { describe, expect, it } from 'vitest';
import { translate } from '@/domain/i18n/messages';
import { durationWords, signedDelta } from './duration-words';

const zh = (key: string, params?: Record<string, string | number>) => translate('zh', key, params);

describe('durations and deltas for the leaders’ summary', () => {
  it('reads minutes, hours and days', () => {
    expect(durationWords(59_000, zh)).toBe('0分钟');
    expect(durationWords(65 * 60_000, zh)).toBe('1小时5分');
    expect(durationWords((2 * 1440 + 4 * 60 + 30) * 60_000, zh)).toBe('2天4小时');
  });

  it('signs changes so they read without colour', () => {
    expect(signedDelta(5, 2)).toBe('+3');
    expect(signedDelta(2, 5)).toBe('−3');
    expect(signedDelta(4, 4)).toBe('±0');
  });
});
