/**
 * The check after every restore: every table's row count against the manifest, the audit log's hash chain, the
 * orders ledger against the orders, and a sample of the photos hashed. A report a person can read, and a verdict.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import { verifyAuditChain } from '../audit/audit-chain.repository';
import { ordersOffLedger, tableRowCounts } from './backup-check.repository';
import type { BackupManifest } from './manifest';
import { verifyUploadSample } from './upload-vault';

export interface RestoreReport {
  setId: string;
  ok: boolean;
  tables: number;
  rows: number;
  countMismatches: Array<{ table: string; expected: number; found: number | null }>;
  auditChecked: number;
  auditFirstBrokenId: number | null;
  ordersOffLedger: number[];
  uploadsChecked: number;
  uploadsBad: string[];
  checkedAt: string;
}

export function checkRestore(db: Kysely<Database>, manifest: BackupManifest, dataDir: string): Promise<RestoreReport> {
  return checkRestoredDatabase(db, {
    setId: manifest.id,
    expectedCounts: manifest.rowCounts,
    uploads: manifest.uploads.map((u) => u.hash).filter((h) => !manifest.missingUploads.includes(h)),
    dataDir,
  });
}

/**
 * The check itself. A point-in-time restore has no row counts to compare with (it lands between sets): then
 * `expectedCounts` is null and the report gives the counts found; the chains and photos are checked alike.
 */
export async function checkRestoredDatabase(
  db: Kysely<Database>,
  expected: { setId: string; expectedCounts: Record<string, number> | null; uploads: string[]; dataDir: string },
): Promise<RestoreReport> {
  const found = await tableRowCounts(db);
  const counts = expected.expectedCounts ?? found;
  const countMismatches = Object.entries(counts)
    .filter(([table, n]) => found[table] !== n)
    .map(([table, n]) => ({ table, expected: n, found: found[table] ?? null }));
  const audit = await verifyAuditChain(db);
  const offLedger = await ordersOffLedger(db);
  const uploads = await verifyUploadSample(join(expected.dataDir, 'uploads'), expected.uploads, 50);
  return {
    setId: expected.setId,
    ok: countMismatches.length === 0 && audit.firstBrokenId === null && offLedger.length === 0 && uploads.bad.length === 0,
    tables: Object.keys(counts).length,
    rows: Object.values(counts).reduce((a, b) => a + b, 0),
    countMismatches,
    auditChecked: audit.checked,
    auditFirstBrokenId: audit.firstBrokenId,
    ordersOffLedger: offLedger,
    uploadsChecked: uploads.checked,
    uploadsBad: uploads.bad,
    checkedAt: new Date().toISOString(),
  };
}

/** The report as the CLI prints it (Chinese first, English after). */
export function formatReport(report: RestoreReport): string {
  const lines = [
    `恢复检查 / restore check — 备份集 set ${report.setId}: ${report.ok ? '通过 PASSED' : '未通过 FAILED'}`,
    `  行数 row counts: ${report.tables} 张表 tables, ${report.rows} 行 rows, ${report.countMismatches.length} 处不符 mismatches`,
    ...report.countMismatches.map((m) => `    ${m.table}: 应为 expected ${m.expected}, 实为 found ${m.found ?? '缺表 missing'}`),
    `  审计链 audit chain: ${report.auditChecked} 条 entries, ${report.auditFirstBrokenId === null ? '完整 intact' : `自 #${report.auditFirstBrokenId} 断裂 broken`}`,
    `  工单台账 orders ledger: ${report.ordersOffLedger.length === 0 ? '一致 consistent' : `不一致 inconsistent: ${report.ordersOffLedger.join(', ')}`}`,
    `  照片抽检 photo sample: ${report.uploadsChecked} 张 checked, ${report.uploadsBad.length} 张损坏或缺失 bad`,
  ];
  return lines.join('\n');
}
