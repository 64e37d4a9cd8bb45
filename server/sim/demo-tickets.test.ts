import { describe, expect, it } from 'vitest';
import { createRandom } from '@/geo/random';
import { partnerOrderInput } from '@/server/partners/partner-messages';
import { demoTicket, nextTicketDelayMinutes, shanghaiHour, ticketRef } from './demo-tickets';

const at = (shanghai: string) => new Date(`${shanghai}+08:00`);

describe('the demo platforms’ daily rhythm', () => {
  it('sends a 12345 ticket every 1–3 minutes at the morning peak and far fewer at night', () => {
    const random = createRandom(1);
    const peak = Array.from({ length: 200 }, () => nextTicketDelayMinutes('hotline_12345', at('2026-11-22T10:15:00'), random));
    expect(Math.min(...peak)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...peak)).toBeLessThanOrEqual(3);
    const night = Array.from({ length: 200 }, () => nextTicketDelayMinutes('hotline_12345', at('2026-11-22T03:15:00'), random));
    expect(Math.min(...night)).toBeGreaterThanOrEqual(10);
    expect(shanghaiHour(at('2026-11-22T03:15:00'))).toBe(3);
  });

  it('区城运 sends fewer orders than 12345 at the same hour', () => {
    const random = createRandom(2);
    const mean = (partner: 'city_ops' | 'hotline_12345') =>
      Array.from({ length: 300 }, () => nextTicketDelayMinutes(partner, at('2026-11-22T15:00:00'), random)).reduce((a, b) => a + b) / 300;
    expect(mean('city_ops')).toBeGreaterThan(mean('hotline_12345') * 2);
  });

  it('numbers tickets as each platform does and writes bodies the partner interface accepts', () => {
    expect(ticketRef('hotline_12345', at('2026-11-22T10:00:00'), 42)).toBe('12345-20261122-00042');
    expect(ticketRef('city_ops', at('2026-11-22T10:00:00'), 7)).toBe('QCY202611220007');
    const ticket = demoTicket(
      'hotline_12345',
      'X',
      { name: '长宁路1号', address: '长宁区长宁路1号', lng: 121.42, lat: 31.22 },
      createRandom(3),
    );
    expect(partnerOrderInput.safeParse(ticket).success).toBe(true);
    expect(ticket.description).toContain('长宁路1号');
    expect(ticket.reporter?.phone).toMatch(/^1\d\d\*{4}\d{4}$/);
  });
});
