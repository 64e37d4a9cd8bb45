/**
 * 清费云 reminders (issue 16, 7), placed automatically through the voice-call queue to the payer's contact:
 * 签约提醒 when a contract in force ends within FEE_RENEWAL_REMINDER_DAYS, 缴费提醒 when an unpaid bill falls due
 * within FEE_PAYMENT_REMINDER_DAYS, and again once it is overdue. Each reminder once (the queue's dedupe key names
 * the contract or bill and the occasion); the dispatch jobs' voice round then places them.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '@/db/schema';
import { yuan } from '@/domain/fees/money';
import { shanghaiDay, shanghaiDayStart } from '@/domain/shanghai-time';
import type { Clock } from '@/server/clock';
import { queueVoiceCall } from '@/server/voice/voice.repository';
import { voiceScript } from '@/server/voice/voice-scripts';

const HOUR_MS = 3_600_000;

/** Payers are called in office hours, 09:00–18:00 Shanghai time; a reminder planned outside them waits for the next 09:00. */
export function officeHoursFrom(now: Date): Date {
  const nine = shanghaiDayStart(now).getTime() + 9 * HOUR_MS;
  if (now.getTime() < nine) return new Date(nine);
  if (now.getTime() >= nine + 9 * HOUR_MS) return new Date(nine + 24 * HOUR_MS);
  return now;
}

export interface FeeReminderSettings {
  renewalDays: number;
  paymentDays: number;
}

export class FeeReminders {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; settings: FeeReminderSettings }) {}

  /** Queues the reminders now due; returns how many are new. */
  async plan(): Promise<number> {
    const { db, clock, settings } = this.deps;
    const now = clock.now();
    const today = shanghaiDay(now);
    const dueAt = officeHoursFrom(now);
    let queued = 0;
    const renewals = await sql<{ id: number; code: string; end_month: string; name: string; contact_name: string; contact_phone: string }>`
      SELECT c.id, c.code, c.end_month, p.name, p.contact_name, p.contact_phone
      FROM fee_contracts c JOIN fee_payers p ON p.id = c.payer_id
      WHERE c.status IN ('active', 'renewal_due')
        AND (to_date(c.end_month, 'YYYY-MM') + interval '1 month' - interval '1 day')::date
            BETWEEN ${today}::date AND ${today}::date + ${settings.renewalDays}::int`.execute(db);
    for (const c of renewals.rows)
      if (
        await queueVoiceCall(db, {
          kind: 'fee_reminder',
          orderId: null,
          dedupeKey: `fee_renewal:${c.id}:${c.end_month}`,
          targetName: `${c.name} ${c.contact_name}`,
          targetPhone: c.contact_phone,
          script: voiceScript('fee_reminder', { target: c.name, fee: { purpose: 'renewal', code: c.code, until: c.end_month } }),
          dueAt,
          at: now,
        })
      )
        queued++;
    const bills = await sql<{
      id: number;
      code: string;
      amount_fen: string;
      due: string;
      overdue: boolean;
      name: string;
      contact_name: string;
      contact_phone: string;
    }>`
      SELECT b.id, b.code, b.amount_fen, to_char(b.due_date, 'YYYY-MM-DD') AS due, b.due_date < ${today}::date AS overdue,
             p.name, p.contact_name, p.contact_phone
      FROM fee_bills b JOIN fee_payers p ON p.id = b.payer_id
      WHERE b.status = 'open' AND b.due_date <= ${today}::date + ${settings.paymentDays}::int`.execute(db);
    for (const b of bills.rows)
      if (
        await queueVoiceCall(db, {
          kind: 'fee_reminder',
          orderId: null,
          dedupeKey: `fee_payment:${b.id}:${b.overdue ? 'overdue' : 'due'}`,
          targetName: `${b.name} ${b.contact_name}`,
          targetPhone: b.contact_phone,
          script: voiceScript('fee_reminder', {
            target: b.name,
            fee: { purpose: b.overdue ? 'overdue' : 'payment', code: b.code, amountYuan: yuan(Number(b.amount_fen)), until: b.due },
          }),
          dueAt,
          at: now,
        })
      )
        queued++;
    return queued;
  }
}
