/** Part of the composition root (server/app.ts): 清费云 — the versioned tariff (four-eyes) and the fees service. */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { type Tariff, tariffSchema } from '@/domain/fees/tariff';
import { type Clock, systemClock } from '@/server/clock';
import { BillingService } from '@/server/fees/billing.service';
import { ClearanceService } from '@/server/fees/clearance.service';
import { FeeHomeService } from '@/server/fees/fee-home.service';
import { FeeReminders, type FeeReminderSettings } from '@/server/fees/fee-reminders';
import { FeesService } from '@/server/fees/fees.service';
import { InvoiceService } from '@/server/fees/invoices.service';
import { ReconciliationService } from '@/server/fees/reconciliation.service';
import { RefundsService } from '@/server/fees/refunds.service';
import { PartiesService } from '@/server/fees/parties.service';
import { VersionedRulesService } from '@/server/rules/versioned-rules.service';

export interface FeesHub {
  /** Payers, declarations, contracts. */
  fees: FeesService;
  /** Collection companies, verification, self-registration. */
  parties: PartiesService;
  /** Clearance work orders, actual volumes, overages. */
  clearance: ClearanceService;
  /** Bills, payments through the bank gateway, the money ledger (part 2). */
  billing: BillingService;
  /** Refunds: proposed, decided by another person, sent to the bank, completed by its result. */
  refunds: RefundsService;
  /** 数电票 invoices: requested through the outbox, issued by the platform's result; the invoice ledger. */
  invoices: InvoiceService;
  /** 对账核销: bank statements, automatic and manual write-offs, reversals. */
  reconciliation: ReconciliationService;
  /** 签约 and 缴费 reminders through the voice-call queue. */
  reminders: FeeReminders;
  /** Each role's to-dos and the collection points on the map. */
  home: FeeHomeService;
  /** 收费标准: proposed by a clerk, approved by a supervisor, then in force. */
  tariff: VersionedRulesService<Tariff>;
}

export function createFeesHub(options: { db: Kysely<Database>; clock?: Clock; reminders?: FeeReminderSettings }): FeesHub {
  const clock = options.clock ?? systemClock;
  const tariff = new VersionedRulesService<Tariff>(
    { db: options.db, clock },
    { table: 'fee_tariff_rules', label: 'fee tariff', schema: tariffSchema },
  );
  const billing = new BillingService({ db: options.db, clock });
  return {
    fees: new FeesService({ db: options.db, clock, tariff }),
    parties: new PartiesService({ db: options.db }),
    clearance: new ClearanceService({ db: options.db, clock, tariff }),
    home: new FeeHomeService({ db: options.db, clock }),
    billing,
    refunds: new RefundsService({ db: options.db, clock, billing }),
    invoices: new InvoiceService({ db: options.db, clock }),
    reconciliation: new ReconciliationService({ db: options.db, clock }),
    reminders: new FeeReminders({ db: options.db, clock, settings: options.reminders ?? { renewalDays: 30, paymentDays: 7 } }),
    tariff,
  };
}
