/** Part of the composition root (server/app.ts): the alarm services over one database, the versioned thresholds and the pipeline, sharing one clock. */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { OrderIntake } from '@/server/dispatch/intake';
import { type Clock, systemClock } from '@/server/clock';
import { VersionedRulesService } from '@/server/rules/versioned-rules.service';
import { type AlarmRules, alarmRulesSchema } from '@/domain/alarms/alarm-rules';
import type { PublishAlarmNotice } from '@/domain/alarms/alarm-view';
import { AlarmsService } from '@/server/alarms/alarms.service';

export interface AlarmsHub {
  alarms: AlarmsService;
  /** 报警规则阈值: proposed, approved by someone else, then in force. */
  rules: VersionedRulesService<AlarmRules>;
}

export function createAlarmsHub(options: {
  db: Kysely<Database>;
  intake: OrderIntake;
  publish: PublishAlarmNotice;
  clock?: Clock;
}): AlarmsHub {
  const clock = options.clock ?? systemClock;
  const rules = new VersionedRulesService<AlarmRules>(
    { db: options.db, clock },
    { table: 'alarm_rules', label: 'alarm thresholds', schema: alarmRulesSchema },
  );
  const alarms = new AlarmsService({ db: options.db, clock, publish: options.publish, rules, intake: options.intake });
  return { alarms, rules };
}
