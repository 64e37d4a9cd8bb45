import { describe, expect, it } from 'vitest';
import type { OrderStatus } from '@/domain/orders/order-values';
import { AppError } from '@/domain/errors';
import {
  type ActorKind,
  actionsForRole,
  actorKindOf,
  availableActions,
  ORDER_ACTIONS,
  type OrderAction,
  planTransition,
  TRANSITIONS,
} from './lifecycle';
import { ORDER_STATUSES } from './order-values';

/** Every allowed move, written out by hand from the diagram: the table must say exactly this. */
const ALLOWED: Array<[OrderStatus, OrderAction, OrderStatus, ActorKind]> = [
  ['received', 'review', 'reviewing', 'system'],
  ['received', 'review', 'reviewing', 'dispatcher'],
  ['reviewing', 'hold', 'reviewing', 'system'],
  ['awaiting_dispatch', 'hold', 'awaiting_dispatch', 'system'],
  ['reviewing', 'approve', 'awaiting_dispatch', 'system'],
  ['reviewing', 'approve', 'awaiting_dispatch', 'dispatcher'],
  ['awaiting_dispatch', 'dispatch', 'dispatched', 'dispatcher'],
  ['awaiting_dispatch', 'dispatch', 'dispatched', 'system'],
  ['returned', 'dispatch', 'dispatched', 'dispatcher'],
  ['returned', 'dispatch', 'dispatched', 'system'],
  ['dispatched', 'add_unit', 'dispatched', 'dispatcher'],
  ['accepted', 'add_unit', 'accepted', 'dispatcher'],
  ['in_progress', 'add_unit', 'in_progress', 'dispatcher'],
  ...(['dispatched', 'accepted', 'in_progress'] as const).flatMap((s): Array<[OrderStatus, OrderAction, OrderStatus, ActorKind]> => [
    [s, 'recall', 'awaiting_dispatch', 'dispatcher'],
    [s, 'reassign', 'dispatched', 'dispatcher'],
    [s, 'remind', s, 'dispatcher'],
  ]),
  ['dispatched', 'accept', 'accepted', 'field'],
  ['dispatched', 'return', 'returned', 'field'],
  ['accepted', 'return', 'returned', 'field'],
  ['in_progress', 'return', 'returned', 'field'],
  ['accepted', 'start', 'in_progress', 'field'],
  ['in_progress', 'complete', 'awaiting_check', 'field'],
  ['awaiting_check', 'close', 'closed', 'dispatcher'],
  ['awaiting_check', 'rework', 'in_progress', 'dispatcher'],
  ['received', 'void', 'voided', 'dispatcher'],
  ['reviewing', 'void', 'voided', 'dispatcher'],
  ['awaiting_dispatch', 'void', 'voided', 'dispatcher'],
  ['returned', 'void', 'voided', 'dispatcher'],
  ['closed', 'reopen', 'awaiting_dispatch', 'dispatcher'],
  ['voided', 'reopen', 'awaiting_dispatch', 'dispatcher'],
  ['accepted', 'request_extension', 'accepted', 'field'],
  ['in_progress', 'request_extension', 'in_progress', 'field'],
  ...(
    ['received', 'reviewing', 'awaiting_dispatch', 'dispatched', 'accepted', 'in_progress', 'awaiting_check', 'returned'] as const
  ).flatMap((s): Array<[OrderStatus, OrderAction, OrderStatus, ActorKind]> => [
    [s, 'approve_extension', s, 'dispatcher'],
    [s, 'reject_extension', s, 'dispatcher'],
  ]),
  ...(['received', 'reviewing', 'awaiting_dispatch', 'dispatched', 'accepted', 'in_progress', 'returned'] as const).flatMap(
    (s): Array<[OrderStatus, OrderAction, OrderStatus, ActorKind]> => [
      [s, 'deadline_nearing', s, 'system'],
      [s, 'deadline_overdue', s, 'system'],
      [s, 'escalate', s, 'system'],
      [s, 'escalate', s, 'supervisor'],
    ],
  ),
];

const context = (actor: ActorKind) => ({ actor, note: 'reason given', evidenceCount: 1 });

describe('order lifecycle', () => {
  it.each(ALLOWED)('%s --%s--> %s (by %s)', (from, action, to, actor) => {
    expect(planTransition(from, action, context(actor))).toBe(to);
  });

  it('allows nothing that is not listed: every other state × action is refused naming from → to', () => {
    const allowed = new Set(ALLOWED.map(([from, action]) => `${from}:${action}`));
    let refused = 0;
    for (const from of ORDER_STATUSES) {
      for (const action of ORDER_ACTIONS) {
        if (allowed.has(`${from}:${action}`)) continue;
        const actor = TRANSITIONS[action].by[0];
        let error: unknown;
        try {
          planTransition(from, action, context(actor));
        } catch (e) {
          error = e;
        }
        expect(error, `${from} --${action}-->`).toBeInstanceOf(AppError);
        const appError = error as AppError;
        expect(appError.code).toBe('CONFLICT');
        expect(appError.messageKey).toBe('orders.error.transitionRefused');
        expect(appError.params.from).toBe(from);
        expect(appError.message).toContain(from);
        refused++;
      }
    }
    expect(refused + allowed.size).toBe(ORDER_STATUSES.length * ORDER_ACTIONS.length);
  });

  it('names both states in Chinese and English when refusing', () => {
    const error = (() => {
      try {
        planTransition('dispatched', 'close', context('dispatcher'));
      } catch (e) {
        return e as AppError;
      }
    })()!;
    expect(error.params).toMatchObject({
      from: 'dispatched',
      to: 'closed',
      fromZh: '已派单',
      toZh: '已办结',
      fromEn: 'Dispatched',
      toEn: 'Closed',
    });
    expect(error.message).toBe('The order cannot go from 已派单 dispatched to 已办结 closed (close)');
  });

  it('keeps each side to its own moves: a dispatcher cannot accept, a field unit cannot close, a dispatcher cannot escalate (督办 is the duty officer’s and leaders’)', () => {
    expect(() => planTransition('dispatched', 'accept', context('dispatcher'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => planTransition('awaiting_check', 'close', context('field'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => planTransition('in_progress', 'escalate', context('dispatcher'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => planTransition('dispatched', 'add_unit', context('system'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('requires a reason to return, recall, rework, void, reopen, ask for time or reject it', () => {
    for (const [from, action, actor] of [
      ['accepted', 'return', 'field'],
      ['dispatched', 'recall', 'dispatcher'],
      ['in_progress', 'reassign', 'dispatcher'],
      ['in_progress', 'escalate', 'supervisor'],
      ['awaiting_check', 'rework', 'dispatcher'],
      ['received', 'void', 'dispatcher'],
      ['closed', 'reopen', 'dispatcher'],
      ['in_progress', 'request_extension', 'field'],
      ['in_progress', 'reject_extension', 'dispatcher'],
    ] as const) {
      expect(() => planTransition(from, action, { actor, note: '  ', evidenceCount: 1 }), action).toThrow(
        expect.objectContaining({ messageKey: 'orders.error.reasonRequired' }),
      );
    }
    expect(planTransition('accepted', 'start', { actor: 'field' })).toBe('in_progress');
    // The deadline watch's own 督办 writes no reason; a person's must.
    expect(planTransition('in_progress', 'escalate', { actor: 'system' })).toBe('in_progress');
  });

  it('gives each role its follow-ups: 催办 and 改派 to the dispatch side, 督办 to the duty officer and leaders', () => {
    expect(actionsForRole('in_progress', 'dispatcher')).toEqual([
      'add_unit',
      'reassign',
      'remind',
      'recall',
      'approve_extension',
      'reject_extension',
    ]);
    expect(actionsForRole('in_progress', 'duty_officer')).toContain('escalate');
    expect(actionsForRole('in_progress', 'duty_officer')).toContain('remind');
    expect(actionsForRole('in_progress', 'leader')).toEqual(['escalate']);
    expect(actionsForRole('in_progress', 'hotline_analyst')).toEqual([]);
    expect(actorKindOf('dispatcher', 'escalate')).toBeNull();
    expect(actorKindOf('field_unit', 'remind')).toBeNull();
  });

  it('requires evidence to report the work done', () => {
    expect(() => planTransition('in_progress', 'complete', { actor: 'field', evidenceCount: 0 })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', messageKey: 'orders.error.evidenceRequired' }),
    );
    expect(planTransition('in_progress', 'complete', { actor: 'field', evidenceCount: 2 })).toBe('awaiting_check');
  });

  it('offers each side the buttons that fit the state', () => {
    expect(availableActions('dispatched', 'field')).toEqual(['accept', 'return']);
    expect(availableActions('awaiting_check', 'dispatcher')).toEqual(['close', 'rework', 'approve_extension', 'reject_extension']);
    expect(availableActions('closed', 'dispatcher')).toEqual(['reopen']);
    expect(availableActions('closed', 'field')).toEqual([]);
  });
});
