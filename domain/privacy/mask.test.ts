import { describe, expect, it } from 'vitest';
import { maskPhone, maskPhoneFields, seesPhoneNumbers } from './mask';

describe('phone masking', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('021-6234 5678')).toBe('021****5678');
    expect(maskPhone('6234 5678')).toBe('62***78');
    expect(maskPhone('110')).toBe('****');
    expect(maskPhone(null)).toBeNull();
  });

  it('masks every phone field at any depth and leaves the rest of the answer untouched', () => {
    const at = new Date('2026-12-03T08:00:00Z');
    const answer = {
      order: { code: 'LR1', reporterPhone: '13812345678', receivedAt: at },
      calls: [{ targetPhone: '13900001111', outcome: 'answered' }],
      payer: { contact_phone: '13700002222', name: '某餐厅' },
      phoneless: null,
    };
    const masked = maskPhoneFields(answer);
    expect(masked).toEqual({
      order: { code: 'LR1', reporterPhone: '138****5678', receivedAt: at },
      calls: [{ targetPhone: '139****1111', outcome: 'answered' }],
      payer: { contact_phone: '137****2222', name: '某餐厅' },
      phoneless: null,
    });
    expect(masked.order.receivedAt).toBeInstanceOf(Date);
    expect(answer.order.reporterPhone).toBe('13812345678'); // the original is not changed
  });

  it('lets the roles that call people back see numbers, and no one else', () => {
    expect(seesPhoneNumbers('dispatcher')).toBe(true);
    expect(seesPhoneNumbers('leader')).toBe(false);
    expect(seesPhoneNumbers('hotline_analyst')).toBe(false);
    expect(seesPhoneNumbers('system_admin')).toBe(false);
  });
});
