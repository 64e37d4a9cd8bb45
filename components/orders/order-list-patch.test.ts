import { describe, expect, it } from 'vitest';
import { patchOrderList } from './order-list-patch';
import type { OrderView } from './order-types';

const T0 = new Date(Date.UTC(2026, 10, 22, 8, 0, 0));

function order(id: number, patch: Partial<OrderView> = {}): OrderView {
  return {
    id,
    code: `GD-${id}`,
    source: 'hotline_12345',
    externalRef: null,
    categoryCode: 'sanitation.road_cleaning',
    priority: 3,
    status: 'awaiting_dispatch',
    description: '路面油污',
    address: null,
    location: { lng: 121.42, lat: 31.21 },
    subDistrictCode: 'xhl',
    reporterName: null,
    reporterPhone: null,
    reviewReasons: [],
    receivedAt: T0,
    respondBy: T0,
    resolveBy: T0,
    respondedAt: null,
    resolvedAt: null,
    closedAt: null,
    deadlineState: 'ok',
    escalationLevel: 0,
    units: [],
    satisfaction: null,
    version: 1,
    clock: { name: 'respond', state: 'ok', minutesLeft: 30 },
    ...patch,
  };
}

const OPEN = { statuses: ['awaiting_dispatch', 'dispatched'] as OrderView['status'][], limit: 3 };

describe('patchOrderList', () => {
  it('replaces a listed order that still matches, in place', () => {
    const list = [order(9), order(7), order(5)];
    const next = patchOrderList(list, OPEN, order(7, { status: 'dispatched', version: 2 }));
    expect(next).not.toBe('refetch');
    expect((next as OrderView[]).map((o) => [o.id, o.status])).toEqual([
      [9, 'awaiting_dispatch'],
      [7, 'dispatched'],
      [5, 'awaiting_dispatch'],
    ]);
  });

  it('keeps the same list for a notice no newer than what it holds (the mutation’s answer came first)', () => {
    const list = [order(9, { version: 3 })];
    expect(patchOrderList(list, OPEN, order(9, { version: 3, status: 'dispatched' }))).toBe(list);
    expect(patchOrderList(list, OPEN, order(9, { version: 2, status: 'dispatched' }))).toBe(list);
  });

  it('removes an order that left the filter, but refetches a full page (the next row is only on the server)', () => {
    const closed = order(7, { status: 'closed', version: 2 });
    expect((patchOrderList([order(9), order(7)], OPEN, closed) as OrderView[]).map((o) => o.id)).toEqual([9]);
    expect(patchOrderList([order(9), order(7), order(5)], OPEN, closed)).toBe('refetch');
  });

  it('inserts a new matching order newest first, and a full page drops its oldest row', () => {
    expect((patchOrderList([order(9), order(5)], OPEN, order(7)) as OrderView[]).map((o) => o.id)).toEqual([9, 7, 5]);
    expect((patchOrderList([order(9), order(7), order(5)], OPEN, order(11)) as OrderView[]).map((o) => o.id)).toEqual([11, 9, 7]);
    const full = [order(9), order(7), order(5)];
    expect(patchOrderList(full, OPEN, order(3))).toBe(full);
  });

  it('applies every filter the server applies', () => {
    const list = [order(9)];
    expect(patchOrderList(list, { ...OPEN, subDistrictCode: 'tsq' }, order(11))).toBe(list);
    expect(patchOrderList(list, { ...OPEN, categoryCode: 'greening.tree' }, order(11))).toBe(list);
    expect(patchOrderList(list, { ...OPEN, source: 'patrol' }, order(11))).toBe(list);
    expect(patchOrderList(list, { ...OPEN, deadlineStates: ['overdue'] }, order(11))).toBe(list);
    expect(patchOrderList(list, { ...OPEN, cursor: 9 }, order(11))).toBe(list);
    expect(patchOrderList(list, { statuses: ['closed'], limit: 3 }, order(11))).toBe(list);
  });

  it('asks the server for a text search, which it cannot judge', () => {
    expect(patchOrderList([order(9)], { ...OPEN, text: '油污' }, order(9, { version: 2 }))).toBe('refetch');
  });

  it('places an order by its receipt time and leaves a search by unit to the server', () => {
    const list = [order(5), order(3)];
    const since = new Date(T0.getTime() + 60_000);
    expect(patchOrderList(list, { receivedFrom: since }, order(9))).toBe(list);
    expect(patchOrderList(list, { receivedFrom: T0 }, order(9)).slice(0, 1)).toEqual([order(9)]);
    expect(patchOrderList(list, { unitText: '张' }, order(9, { units: [{ id: 1, code: 'STAFF0001', name: '张伟 处置人员' }] }))).toBe(
      'refetch',
    );
  });
});
