import { describe, expect, it } from 'vitest';
import { B, FIELD_WEIGHTS, idf, K1, termScore } from './bm25';
import { bandKeys, signature, similarity } from './minhash';
import { segment } from './segment';
import { type InspectionRule, inspectionDue, ruleFor } from './inspection-rules';

describe('segmentation', () => {
  it('keeps the bureau terms whole and their parts too', () => {
    expect(segment('垃圾分类怎么投放')).toEqual(['垃圾分类', '垃圾', '分类', '投放']);
    const s = segment('门前三包责任区');
    expect(s).toContain('门前三包');
    expect(s).toContain('责任区');
    expect(s).toContain('门前');
  });
  it('drops question words', () => {
    expect(segment('路灯不亮了找谁')).not.toContain('了');
  });
});

describe('BM25F', () => {
  const corpus = { docs: 100, avgLength: { title: 5, questions: 10, answer: 40, body: 200 } };
  const lengths = { title: 5, questions: 10, answer: 40, body: 200 };
  it('weights a title match above an answer match above a body match', () => {
    const title = termScore({ title: 1 }, lengths, corpus, 10);
    const answer = termScore({ answer: 1 }, lengths, corpus, 10);
    const body = termScore({ body: 1 }, lengths, corpus, 10);
    expect(title).toBeGreaterThan(answer);
    expect(answer).toBeGreaterThan(body);
    expect(FIELD_WEIGHTS.title).toBeGreaterThan(FIELD_WEIGHTS.answer);
  });
  it('computes the documented formula', () => {
    const w = (FIELD_WEIGHTS.body * 2) / (1 - B + (B * 400) / 200);
    expect(termScore({ body: 2 }, { ...lengths, body: 400 }, corpus, 3)).toBeCloseTo((idf(100, 3) * w) / (K1 + w), 10);
  });
  it('values rare words more than common ones', () => {
    expect(idf(100, 1)).toBeGreaterThan(idf(100, 50));
  });
});

describe('MinHash', () => {
  const a = '门前三包责任区内的商户应当保持门前市容整洁，不得占道经营，违者由城管部门责令改正。';
  const b = '门前三包责任区内的商户应当保持门前市容整洁，不得占道经营，违者由城管部门依法责令改正。';
  const c = '公共厕所开放时间为每日早上五点至晚上十点，节假日延长开放。';
  it('scores near-duplicates high and different texts low', () => {
    expect(similarity(signature(a), signature(b))).toBeGreaterThan(0.7);
    expect(similarity(signature(a), signature(c))).toBeLessThan(0.2);
  });
  it('puts near-duplicates in a shared band', () => {
    const ka = new Set(bandKeys(signature(a)));
    expect(bandKeys(signature(b)).some((k) => ka.has(k))).toBe(true);
  });
});

describe('inspection cycles', () => {
  const rule = (id: number, cycle: number, criteria: Partial<InspectionRule> = {}): InspectionRule => ({
    id,
    type: null,
    category: null,
    area: null,
    department_id: null,
    cycle_days: cycle,
    due_days: 14,
    ...criteria,
  });
  const rules = [rule(1, 365), rule(2, 90, { type: 'policy' }), rule(3, 30, { type: 'policy', department_id: 5 })];
  it('applies the most specific matching rule', () => {
    expect(ruleFor({ type: 'qa', category: null, area: null, department_id: 5 }, rules)?.id).toBe(1);
    expect(ruleFor({ type: 'policy', category: null, area: null, department_id: 1 }, rules)?.id).toBe(2);
    expect(ruleFor({ type: 'policy', category: null, area: null, department_id: 5 }, rules)?.id).toBe(3);
  });
  it('is due once the cycle has passed since the last check, or when never checked', () => {
    const checked = new Date('2026-01-01T00:00:00Z');
    expect(inspectionDue(checked, rules[1], new Date('2026-03-31T23:59:00Z'))).toBe(false);
    expect(inspectionDue(checked, rules[1], new Date('2026-04-01T00:00:00Z'))).toBe(true);
    expect(inspectionDue(null, rules[1], checked)).toBe(true);
  });
});
