/**
 * Districts as tenants (issue 22), the secondary modules, on both dialects through the real routers: beside the map
 * fixture's 长宁区 a synthetic second district (tests/integration/second-district.ts).
 *  - 服务结算: a district's people see and settle only their district's contracts; another's contract, line and
 *    statement file are not found; the city level sees all.
 *  - 数据归集: a district steward's import refuses, row by row, points in another district; the batch and its
 *    facilities are the importer's district's; another district's batch and facility are not found.
 *  - 知识库: a district reads its own entries and the city-wide ones — asking, reading, statistics, attachments and
 *    its terminals alike — and edits only its own; a city-wide entry is the city level's to change.
 * "The city level" here is an account bound to no district (domain/tenancy/district-scope.ts): the city commander
 * role holds none of these modules' permissions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/db/schema';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import type { AppServices } from '@/server/app-services';
import type { SessionUser } from '@/server/auth/auth.service';
import { readerOf } from '@/server/knowledge/knowledge-access';
import { createKnowledgeTerminalRoutes } from '@/server/knowledge/terminal.route';
import { matchRoute } from '@/server/http/routes';
import { createStatementFileRoute } from '@/server/settlement/statement-file.route';
import { seedSettlement } from '@/server/sim/settlement-seed';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { FIXTURE, insertMapFixture } from './map-fixture';
import { insertOtherDistrict, OTHER } from './second-district';
import { servicesFor } from './test-services';

const createCaller = createCallerFactory(appRouter);
const CN = FIXTURE.district.code;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const ALL_CHECKED = { truthful: true, complete: true, safe: true, legitimateSource: true };
const notFound = { code: 'NOT_FOUND' };

describe.each(dialects)('districts as tenants: settlement, data imports and knowledge on %s', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  const people: Record<string, SessionUser> = {};
  const caller = (who: string) =>
    createCaller({ services, user: people[who], sessionToken: undefined, ip: null, setCookie: () => undefined });

  async function person(username: string, role: Role, districtCode: string | null) {
    const { id } = await database.db
      .insertInto('users')
      .values({ username, display_name: username, role, password_hash: 'not-a-real-hash', unit_id: null, district_code: districtCode })
      .returning('id')
      .executeTakeFirstOrThrow();
    people[username] = { id, username, displayName: username, role, unitId: null, districtCode };
  }

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await insertMapFixture(database.db);
    // Seeded while 长宁 is the only district: the seeded contracts are 长宁's.
    expect(await seedSettlement(database.db, new Date())).toBe(true);
    await insertOtherDistrict(database.db);
    services = await servicesFor(database);
    for (const [prefix, district] of [
      ['cn', CN],
      ['xh', OTHER.code],
      ['city', null],
    ] as const) {
      await person(`${prefix}-buyer`, 'settlement_buyer', district);
      await person(`${prefix}-reviewer`, 'settlement_reviewer', district);
      await person(`${prefix}-steward`, 'data_steward', district);
      await person(`${prefix}-editor`, 'knowledge_editor', district);
      await person(`${prefix}-checker`, 'knowledge_reviewer', district);
      await person(`${prefix}-admin`, 'system_admin', district);
    }
    await person('cn-reader', 'dispatcher', CN);
    await person('xh-reader', 'dispatcher', OTHER.code);
  }, 240_000);
  afterAll(() => database?.drop());

  describe('服务结算', () => {
    let cnContract: number;
    let xhContract: number;
    let cnLine: number;

    beforeAll(async () => {
      const db = database.db;
      cnContract = (
        await db.selectFrom('settlement_contracts').select('id').where('code', '=', 'CN-LR-2026-FW01').executeTakeFirstOrThrow()
      ).id;
      cnLine = (
        await db
          .selectFrom('settlement_lines')
          .select('id')
          .where('contract_id', '=', cnContract)
          .orderBy('line_no')
          .executeTakeFirstOrThrow()
      ).id;
      ({ id: xhContract } = await db
        .insertInto('settlement_contracts')
        .values({
          code: 'XH-2026-01',
          name: '徐汇测试服务合同',
          buyer_name: '徐汇测试采购单位',
          supplier_name: '测试供应商',
          supplier_user_id: null,
          start_month: '2026-01',
          awarded_total_fen: '100000',
          budget_fen: '110000',
          price_limit_fen: null,
          source: 'test',
          synthetic: true,
          created_at: new Date(),
          district_code: OTHER.code,
        })
        .returning('id')
        .executeTakeFirstOrThrow());
    });

    it('counts into a district’s contract only the closed orders of that district', async () => {
      const closedAt = new Date('2026-01-15T04:00:00Z');
      for (const [code, sub] of [
        ['CN-SETTLE-1', FIXTURE.east.code],
        ['XH-SETTLE-1', OTHER.sub],
      ] as const) {
        await database.db
          .insertInto('orders')
          .values({
            code,
            source: 'patrol',
            category_code: 'sanitation.bin_overflow',
            priority: 2,
            status: 'closed',
            description: code,
            sub_district_code: sub,
            received_at: closedAt,
            clock_started_at: closedAt,
            respond_by: closedAt,
            resolve_by: closedAt,
            resolved_at: closedAt,
            closed_at: closedAt,
            updated_at: closedAt,
          })
          .execute();
      }
      const closedIn = async (scope: Parameters<AppServices['dispatchHub']['orders']['closedForSettlement']>[0]['scope']) =>
        (
          await services.dispatchHub.orders.closedForSettlement({
            categories: ['sanitation.bin_overflow'],
            from: new Date('2026-01-01T00:00:00+08:00'),
            to: new Date('2026-02-01T00:00:00+08:00'),
            scope,
          })
        )
          .map((o) => o.code)
          .sort();
      expect(await closedIn({ kind: 'district', code: FIXTURE.district.code })).toEqual(['CN-SETTLE-1']);
      expect(await closedIn({ kind: 'district', code: OTHER.code })).toEqual(['XH-SETTLE-1']);
      expect(await closedIn({ kind: 'city' })).toEqual(['CN-SETTLE-1', 'XH-SETTLE-1']);
    });

    it('lists each district its own contracts and the city level all', async () => {
      const codes = async (who: string) => (await caller(who).settlement.contracts()).map((c) => c.code).sort();
      expect(await codes('cn-buyer')).toEqual(['CN-LR-2026-FW01', 'SH-YWTB-2026-01']);
      expect(await codes('xh-buyer')).toEqual(['XH-2026-01']);
      expect(await codes('city-buyer')).toEqual(['CN-LR-2026-FW01', 'SH-YWTB-2026-01', 'XH-2026-01']);
      expect((await caller('xh-reviewer').settlement.contract({ contractId: xhContract })).code).toBe('XH-2026-01');
      expect((await caller('city-reviewer').settlement.contract({ contractId: cnContract })).code).toBe('CN-LR-2026-FW01');
    });

    it('answers another district’s contract, line and statement file as not found, and refuses settling them', async () => {
      const xh = caller('xh-reviewer');
      await expect(xh.settlement.contract({ contractId: cnContract })).rejects.toMatchObject(notFound);
      await expect(caller('xh-buyer').settlement.ledger({ contractId: cnContract, month: '2026-01' })).rejects.toMatchObject(notFound);
      await expect(xh.settlement.evidence({ lineId: cnLine, month: '2026-01' })).rejects.toMatchObject(notFound);
      await expect(xh.settlement.derive({ contractId: cnContract, month: '2026-01' })).rejects.toMatchObject(notFound);
      await expect(
        xh.settlement.decide({ lineId: cnLine, month: '2026-01', version: 0, accept: 'set', quantity: 1n, note: '测试' }),
      ).rejects.toMatchObject(notFound);
      await expect(xh.settlement.priceLine({ lineId: cnLine, version: 1, priceHao: 1n, note: '测试定价' })).rejects.toMatchObject(notFound);
      await expect(caller('xh-buyer').settlement.approveStatement({ statementId: 999_999, version: 1 })).rejects.toMatchObject(notFound);
      await expect(caller('xh-buyer').settlement.payments({ contractId: cnContract })).rejects.toMatchObject(notFound);

      const route = createStatementFileRoute({
        settlement: services.settlement.settlement,
        requireUser: async () => people['xh-buyer'],
      });
      const req = { method: 'GET', headers: {} } as IncomingMessage;
      const url = new URL(`http://localhost/api/settlement/statements/${cnContract}/monthly/2026-01.pdf`);
      await expect(route.handle(req, {} as ServerResponse, url)).rejects.toMatchObject(notFound);
    });
  });

  describe('数据归集', () => {
    const file = (rows: Array<{ id: string; name: string; at: [number, number] }>) => ({
      fileName: 'toilets.geojson',
      base64: Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: rows.map((r) => ({
            type: 'Feature',
            properties: { 编号: r.id, 名称: r.name, 类型: '公共厕所', 状态: '开放' },
            geometry: { type: 'Point', coordinates: r.at },
          })),
        }),
      ).toString('base64'),
      source: '区县测试源',
      crs: 'wgs84' as const,
    });
    const mixed = file([
      { id: 'T-CN', name: '长宁测试公厕', at: [121.42, 31.21] },
      { id: 'T-XH', name: '徐汇测试公厕', at: [121.47, 31.21] },
    ]);

    it('refuses, row by row, a district steward’s rows placed in another district; writes nothing in mode all', async () => {
      const report = await caller('cn-steward').facilityData.check(mixed);
      const byId = new Map(report.items.map((i) => [i.sourceId, i]));
      expect(byId.get('T-CN')!.problems).toEqual([]);
      expect(byId.get('T-XH')!.problems).toEqual([expect.objectContaining({ code: 'otherDistrict', place: OTHER.subName })]);
      const all = await caller('cn-steward').facilityData.import({ ...mixed, mode: 'all' });
      expect(all.written).toMatchObject({ batchId: null, blocked: true, inserted: 0 });
      // The city level imports both, each placed in its sub-district by its point.
      expect((await caller('city-steward').facilityData.check(mixed)).items.every((i) => i.problems.length === 0)).toBe(true);
    });

    it('keeps the batch and its facilities the importer’s district’s; another district’s are not found', async () => {
      const valid = await caller('cn-steward').facilityData.import({ ...mixed, mode: 'valid' });
      expect(valid.written).toMatchObject({ inserted: 1 });
      const batchId = valid.written!.batchId!;
      const batches = async (who: string) => (await caller(who).facilityData.batches()).map((b) => b.id);
      expect(await batches('cn-steward')).toContain(batchId);
      expect(await batches('xh-steward')).not.toContain(batchId);
      expect(await batches('city-steward')).toContain(batchId);
      const [facility] = (await caller('cn-steward').facilityData.facilities({ source: '区县测试源' })).rows;
      expect(facility).toMatchObject({ name: '长宁测试公厕', subDistrictCode: FIXTURE.east.code });
      expect((await caller('xh-steward').facilityData.facilities({ source: '区县测试源' })).rows).toEqual([]);
      await expect(caller('xh-steward').facilityData.history({ id: facility.id })).rejects.toMatchObject(notFound);
      await expect(
        caller('xh-steward').facilityData.retire({ id: facility.id, version: facility.version, reason: '测试下线' }),
      ).rejects.toMatchObject(notFound);
      await expect(caller('xh-steward').facilityData.undo({ batchId, reason: '测试撤销' })).rejects.toMatchObject(notFound);
      expect(await caller('cn-steward').facilityData.undo({ batchId, reason: '测试撤销' })).toEqual({ facilities: 1 });
    });
  });

  describe('知识库', () => {
    const ids: Record<string, number> = {};

    async function publish(prefix: string, title: string, answer: string) {
      const { entryId, version } = await caller(`${prefix}-editor`).knowledge.create({ type: 'qa', title, answer });
      await caller(`${prefix}-editor`).knowledge.propose({ entryId, version });
      await caller(`${prefix}-checker`).knowledge.decide({ entryId, version, approve: true, checklist: ALL_CHECKED, note: null });
      return entryId;
    }

    beforeAll(async () => {
      ids.cn = await publish('cn', '长宁大件垃圾预约', '长宁区大件垃圾请拨打街道电话预约清运。');
      ids.city = await publish('city', '全市大件垃圾规定', '本市大件垃圾应预约后投放到指定地点。');
      const { entryId, version } = await caller('xh-editor').knowledge.create({
        type: 'qa',
        title: '徐汇大件垃圾预约',
        answer: '徐汇区大件垃圾请在线预约清运。',
      });
      ids.xh = entryId;
      ids.xhFile = (
        await services.knowledgeAttachments.attach(
          entryId,
          version,
          { fileName: '须知.pdf', mediaType: 'application/pdf', bytes: PDF },
          people['xh-editor'].id,
        )
      ).id;
      await caller('xh-editor').knowledge.propose({ entryId, version });
    });

    it('keeps a proposal in its own district’s review queue; the district’s reviewer publishes it', async () => {
      const queue = async (who: string) => (await caller(who).knowledge.queue()).map((q) => q.entry_id);
      expect(await queue('cn-checker')).not.toContain(ids.xh);
      expect(await queue('xh-checker')).toEqual([ids.xh]);
      await expect(
        caller('cn-checker').knowledge.decide({ entryId: ids.xh, version: 1, approve: true, checklist: ALL_CHECKED, note: null }),
      ).rejects.toMatchObject(notFound);
      await caller('xh-checker').knowledge.decide({ entryId: ids.xh, version: 1, approve: true, checklist: ALL_CHECKED, note: null });
    });

    it('answers a district with its own entries and the city-wide ones, the city level with all', async () => {
      const hits = async (who: string) => (await caller(who).knowledge.ask({ question: '大件垃圾预约' })).hits.map((h) => h.entryId).sort();
      expect(await hits('cn-reader')).toEqual([ids.cn, ids.city].sort());
      expect(await hits('xh-reader')).toEqual([ids.xh, ids.city].sort());
      expect(await hits('city-editor')).toEqual([ids.cn, ids.city, ids.xh].sort());
      await expect(caller('cn-reader').knowledge.entry({ entryId: ids.xh })).rejects.toMatchObject(notFound);
      expect((await caller('cn-reader').knowledge.entry({ entryId: ids.city })).title).toBe('全市大件垃圾规定');
      expect((await caller('cn-editor').knowledge.statistics()).published).toBe(2);
      expect((await caller('city-editor').knowledge.statistics()).published).toBe(3);
    });

    it('lets a district edit only its own entries; a city-wide entry is the city level’s', async () => {
      const entry = { type: 'qa' as const, title: '改写', answer: '改写的答案。' };
      await expect(caller('cn-editor').knowledge.edit({ entryId: ids.xh, baseVersion: 1, entry })).rejects.toMatchObject(notFound);
      await expect(caller('cn-editor').knowledge.versions({ entryId: ids.xh })).rejects.toMatchObject(notFound);
      await expect(caller('cn-checker').knowledge.takedown({ entryId: ids.xh, reason: '测试下架' })).rejects.toMatchObject(notFound);
      await expect(caller('cn-editor').knowledge.edit({ entryId: ids.city, baseVersion: 1, entry })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      expect((await caller('cn-editor').knowledge.edit({ entryId: ids.cn, baseVersion: 1, entry })).version).toBe(2);
      expect((await caller('city-editor').knowledge.edit({ entryId: ids.city, baseVersion: 1, entry })).version).toBe(2);
    });

    it('treats another district’s attachment as not found', async () => {
      await expect(caller('cn-editor').knowledge.attachments({ entryId: ids.xh, version: 1 })).rejects.toMatchObject(notFound);
      await expect(services.knowledgeAttachments.download(ids.xhFile, readerOf(people['cn-reader']))).rejects.toMatchObject(notFound);
      expect((await services.knowledgeAttachments.download(ids.xhFile, readerOf(people['xh-reader']))).fileName).toBe('须知.pdf');
    });

    it('gives a terminal its district’s entries and the city-wide ones', async () => {
      const routes = createKnowledgeTerminalRoutes({
        knowledge: services.knowledge,
        attachments: services.knowledgeAttachments,
        clients: services.outsideClients,
      });
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const route = matchRoute(routes, url.pathname);
        if (!route) return void res.writeHead(404).end();
        void route.handle(req, res, url);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const issue = (who: string) =>
          services.outsideClients.issue(
            { kind: 'terminal', name: `${who} 终端`, scopes: ['knowledge:read'] },
            {
              userId: people[who].id,
              name: who,
              role: people[who].role,
              unitId: null,
            },
          );
        const [cn, city] = [(await issue('cn-admin')).key, (await issue('city-admin')).key];
        const found = async (key: string) => {
          const answer = await fetch(`${base}/api/knowledge/v1/search?q=${encodeURIComponent('大件垃圾预约')}&limit=10`, {
            headers: { 'x-api-key': key },
          });
          return ((await answer.json()) as { hits: Array<{ entryId: number }> }).hits.map((h) => h.entryId).sort();
        };
        expect(await found(cn)).toEqual([ids.cn, ids.city].sort());
        expect(await found(city)).toEqual([ids.cn, ids.city, ids.xh].sort());
        expect((await fetch(`${base}/api/knowledge/v1/entries/${ids.xh}`, { headers: { 'x-api-key': cn } })).status).toBe(404);
        expect((await fetch(`${base}/api/knowledge/v1/entries/${ids.city}`, { headers: { 'x-api-key': cn } })).status).toBe(200);
        const file = `${base}/api/knowledge/v1/entries/${ids.xh}/attachments/${ids.xhFile}`;
        expect((await fetch(file, { headers: { 'x-api-key': cn } })).status).toBe(404);
        expect((await fetch(file, { headers: { 'x-api-key': city } })).status).toBe(200);
      } finally {
        server.close();
      }
    });
  });
});
