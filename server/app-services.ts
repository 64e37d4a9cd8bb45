/**
 * The services one server process holds, built once at start (server/app.ts) and handed to tRPC, Socket.IO and
 * the HTTP routes. Tests build their own with a fresh database.
 */
import type { BackupSchedule } from './backup/backup-schedule';
import type { Kysely } from 'kysely';
import type { DialectName } from '@/db/connect';
import type { Database } from '@/db/schema';
import type { AlarmsHub } from './compose/alarms';
import type { NoticeJournal } from './realtime/notice-journal';
import type { FeesHub } from './compose/fees';
import type { SettlementHub } from './compose/settlement';
import type { AccountsService } from './auth/accounts.service';
import type { AuditLogService } from './audit/audit-log.service';
import type { AuthService } from './auth/auth.service';
import type { PhoneCodes } from './auth/phone-codes';
import type { SimulatedBank } from './fees/simulated-bank';
import type { CockpitServices } from './compose/cockpit';
import type { DispatchHub } from './compose/dispatch';
import type { DemoPlatforms } from './sim/demo-platforms';
import type { EventFeedService } from './events/events.service';
import type { LiveHub } from './realtime/live-hub';
import type { LightingService } from './lighting/lighting.service';
import type { LiveUnitsService } from './units/units.service';
import type { Env } from './env';
import type { SharedReads } from './shared-reads';
import type { KnowledgeCollection } from './knowledge/collection.service';
import type { KnowledgeAttachments } from './knowledge/attachments.service';
import type { KnowledgeInspections } from './knowledge/inspection.service';
import type { KnowledgeService } from './knowledge/knowledge.service';
import type { OutsideClientsService } from './clients/outside-clients.service';
import type { FacilityData } from './facility-import/facility-data';

export interface AppServices {
  config: Env;
  db: Kysely<Database>;
  dialect: DialectName;
  auth: AuthService;
  /** Accounts under separation of duties: creation, roles, activation halves, TOTP. */
  accounts: AccountsService;
  auditLog: AuditLogService;
  /** Work orders, nearest-unit dispatch, rules, intake and the deadline watch. */
  dispatchHub: DispatchHub;
  /** Broadcasts to connected browsers (Socket.IO attached in app.attach). */
  liveHub: LiveHub;
  /** The journal of alarm and order notices: what a reconnecting screen missed (live.since). */
  noticeJournal: NoticeJournal;
  /** Live unit positions: snapshot, ingest, frames, offline detection. */
  liveUnits: LiveUnitsService;
  eventFeed: EventFeedService;
  /** The disposal center's cockpit: boards, energy anomalies, hidden dangers, live meters. */
  cockpit: CockpitServices;
  /** Landscape lighting: plans, actual against plan, batch repair orders. */
  lighting: LightingService;
  /** Alarms: ingest, lifecycle, thresholds, incidents. */
  alarms: AlarmsHub;
  /** Reads every wall asks for, computed once per interval (server/shared-reads.ts). */
  sharedReads: SharedReads;
  /** 清费云 (issue 12): payers, declarations, contracts, the four-eyes tariff. */
  fees: FeesHub;
  /** 服务结算 (issue 17): contracts, the workload ledger, reports, statements, evaluation, payments. */
  settlement: SettlementHub;
  /** Demo mode: the simulated bank that confirms 清费云 payments. */
  simulatedBank?: SimulatedBank;
  /** Sign-in by phone number and a one-time SMS code (simulated gateway). */
  phoneCodes: PhoneCodes;
  /** The simulated 12345 and 区城运 platforms, when the demonstration runs them (set once the server is attached). */
  demoPlatforms?: DemoPlatforms;
  /** The district knowledge base: versions, review, BM25 search, near-duplicates, expiry. */
  knowledge: KnowledgeService;
  /** 采集: Word and HTML documents and 12345 replies into draft knowledge entries. */
  knowledgeCollection: KnowledgeCollection;
  /** Files offered with knowledge entries (表单, 材料), kept in the upload store. */
  knowledgeAttachments: KnowledgeAttachments;
  /** 检查更新: inspection tasks on a cycle, their outcomes and chasing. */
  knowledgeInspections: KnowledgeInspections;
  /** The one registry of outside callers and their hashed keys. */
  outsideClients: OutsideClientsService;
  /** 数据采集/数据处理 (issue 15): facility imports with cleansing, pushes, undo, and the steward's register. */
  facilityData: FacilityData;
  /** Scheduled backups and their status (set by server/app.ts; absent in narrow test harnesses). */
  backups?: BackupSchedule;
}
