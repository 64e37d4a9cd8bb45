/** Part of the composition root (server/app.ts): 服务结算 — the ledger, the calendar and money, the grade table. */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { type GradeAdjustments, gradeAdjustmentsSchema } from '@/domain/settlement/evaluation';
import { type Clock, systemClock } from '@/server/clock';
import type { KnowledgeService } from '@/server/knowledge/knowledge.service';
import type { OrdersService } from '@/server/orders/orders.service';
import { VersionedRulesService } from '@/server/rules/versioned-rules.service';
import { DerivedWorkloads } from '@/server/settlement/derived-workloads';
import { LedgerService } from '@/server/settlement/ledger.service';
import { SettlementService } from '@/server/settlement/settlement.service';
import type { VoiceService } from '@/server/voice/voice.service';

export interface SettlementHub {
  /** Contracts, lines, the workload ledger with its evidence, objections. */
  ledger: LedgerService;
  /** The calendar, reports and deadlines, statements, evaluation, payments. */
  settlement: SettlementService;
  /** How the grade adjusts the settled amount: proposed and approved by two people of the bureau. */
  gradeRules: VersionedRulesService<GradeAdjustments>;
}

export function createSettlementHub(options: {
  db: Kysely<Database>;
  clock?: Clock;
  sources: { orders: OrdersService; knowledge: KnowledgeService; voice: VoiceService };
}): SettlementHub {
  const clock = options.clock ?? systemClock;
  const gradeRules = new VersionedRulesService<GradeAdjustments>(
    { db: options.db, clock },
    { table: 'settlement_grade_rules', label: 'grade adjustments', schema: gradeAdjustmentsSchema },
  );
  return {
    ledger: new LedgerService({ db: options.db, clock, derived: new DerivedWorkloads(options.sources) }),
    settlement: new SettlementService({ db: options.db, clock, gradeRules }),
    gradeRules,
  };
}
