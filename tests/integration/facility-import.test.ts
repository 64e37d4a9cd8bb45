/**
 * Facility imports with cleansing on both dialects, over the real Changning seed, through the real tRPC router and
 * the push route: the planted file's problems are each reported (GCJ-02 named as likely, a point outside the
 * district, sub-districts derived and unified, a duplicate pair); 'all' writes nothing while any row has a problem,
 * 'valid' writes the clean rows with the duplicate merged; importing again changes nothing; an edited file updates
 * and retires by source id; undo puts a batch back as a whole, with its reason on record, and is refused after a
 * later edit; a stale edit is refused; a source system pushes with a key of the one client registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '@/db/seed';
import { appRouter } from '@/server/api/root';
import { createCallerFactory } from '@/server/api/trpc';
import type { AppServices } from '@/server/app-services';
import type { SessionUser } from '@/server/auth/auth.service';
import { createFacilityPushRoute } from '@/server/facility-import/facility-push.route';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { servicesFor } from './test-services';
import { PLANTED, plantedFacilities } from '../fixtures/planted-facilities';
import { refusal } from './refusal';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const createCaller = createCallerFactory(appRouter);
const fileOf = (collection: unknown, name = 'toilets.geojson') => ({
  fileName: name,
  base64: Buffer.from(JSON.stringify(collection)).toString('base64'),
});

describe.each(dialects)('facility imports on %s', (dialect) => {
  let database: TestDatabase;
  let services: AppServices;
  let steward: SessionUser;
  let duty: SessionUser;
  const caller = (user: SessionUser) => createCaller({ services, user, sessionToken: undefined, ip: null, setCookie: () => undefined });
  const settings = (crs: 'wgs84' | 'gcj02') => ({ ...fileOf(plantedFacilities()), source: PLANTED.source, crs });
  const bySourceId = async (sourceId: string, includeRetired = true) =>
    (await caller(steward).facilityData.facilities({ source: PLANTED.source, text: sourceId, includeRetired })).rows;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seedDatabase(database.db);
    services = await servicesFor(database);
    await services.auth.createUser({
      username: 'steward',
      displayName: '数据管理员',
      role: 'data_steward',
      password: 'steward-password-1',
    });
    await services.auth.createUser({ username: 'duty', displayName: '值班员', role: 'duty_officer', password: 'duty-password-123' });
    steward = (await services.auth.signIn('steward', 'steward-password-1', null)).user;
    duty = (await services.auth.signIn('duty', 'duty-password-123', null)).user;
  }, 180_000);
  afterAll(() => database?.drop());

  it('reports every planted problem before writing, naming GCJ-02 when the file is declared WGS84', async () => {
    const asWgs = await caller(steward).facilityData.check(settings('wgs84'));
    expect(asWgs.crsWarning).toMatchObject({ declared: 'wgs84', likely: 'gcj02' });
    const edge = asWgs.items.find((i) => i.sourceId === PLANTED.gcjEdgeSourceId)!;
    expect(edge.problems).toEqual([expect.objectContaining({ code: 'outsideDistrict', likelyCrs: 'gcj02' })]);

    const report = await caller(steward).facilityData.check(settings('gcj02'));
    expect(report.crsWarning).toBeNull();
    expect(report).toMatchObject({ rows: 6, problemRows: 1, duplicates: 1, written: null });
    const item = (id: string) => report.items.find((i) => i.sourceId === id)!;
    expect(item(PLANTED.outsideSourceId).problems).toEqual([expect.objectContaining({ code: 'outsideDistrict' })]);
    expect(item(PLANTED.outsideSourceId).problems[0].likelyCrs).toBeUndefined();
    expect(item(PLANTED.gcjEdgeSourceId).problems).toEqual([]);
    for (const id of PLANTED.noSubDistrictSourceIds.filter((s) => s !== PLANTED.duplicateSourceIds[1]))
      expect(item(id).fixes.map((f) => f.code)).toContain('subDistrictDerived');
    expect(item('WC-T01').fixes.map((f) => f.code)).toEqual(
      expect.arrayContaining(['crsConverted', 'kindUnified', 'statusUnified', 'subDistrictUnified']),
    );
    expect(item(PLANTED.duplicateSourceIds[1]).duplicate).toMatchObject({ reason: 'nearbySimilar', row: 5, name: '仙霞路公厕' });
    expect(item(PLANTED.duplicateSourceIds[1]).decision).toBe('merge');
    expect(await bySourceId('WC-T0')).toEqual([]);
  });

  it("writes nothing in 'all' while a row has a problem; 'valid' writes the clean rows with the duplicate merged", async () => {
    const all = await caller(steward).facilityData.import({ ...settings('gcj02'), mode: 'all' });
    expect(all.written).toMatchObject({ blocked: true, batchId: null, inserted: 0 });
    expect(await bySourceId('WC-T0')).toEqual([]);

    const valid = await caller(steward).facilityData.import({ ...settings('gcj02'), mode: 'valid' });
    expect(valid.written).toMatchObject({ blocked: false, inserted: 4, merged: 1, skipped: 1 });
    const rows = await bySourceId('WC-T0');
    expect(rows.map((r) => r.sourceId).sort()).toEqual(['WC-T01', 'WC-T02', 'WC-T03', 'WC-T05']);
    expect(rows.every((r) => r.kind === 'toilet' && r.status === 'open' && r.subDistrictCode.startsWith('310105'))).toBe(true);
    const history = await caller(steward).facilityData.history({ id: rows[0].id });
    expect(history).toEqual([
      expect.objectContaining({ action: 'insert', source: PLANTED.source, actorName: '数据管理员', batchId: valid.written!.batchId }),
    ]);
    // On the map at once.
    const layer = await caller(duty).map.layer({ kind: 'toilet' });
    expect(layer.names).toContain('番禺路公厕');

    // The merged toilet keeps what only its second copy knew, and that copy's id as an alias.
    const attrsOf = async (sourceId: string) =>
      (await database.db.selectFrom('facilities').select('attrs').where('source_id', '=', sourceId).executeTakeFirstOrThrow())
        .attrs as Record<string, unknown>;
    expect(await attrsOf(PLANTED.duplicateSourceIds[0])).toMatchObject({ 厕位数: 8, merged_source_ids: [PLANTED.duplicateSourceIds[1]] });

    // The same file again: nothing new, nothing duplicated, nothing "updated" away from what the merge brought.
    const again = await caller(steward).facilityData.import({ ...settings('gcj02'), mode: 'valid' });
    expect(again.written).toMatchObject({ inserted: 0, updated: 0, merged: 0, unchanged: 5, batchId: null });
    expect(await bySourceId('WC-T0')).toHaveLength(4);
    expect(await attrsOf(PLANTED.duplicateSourceIds[0])).toMatchObject({ 厕位数: 8 });

    // A third copy of the same toilet from another file merges too, and the earlier alias is kept beside the new one.
    const third = plantedFacilities();
    const copy = structuredClone(third.features[4]);
    copy.properties = { ...copy.properties, 编号: 'WC-T07', 名称: '仙霞路公厕' };
    const thirdResult = await caller(steward).facilityData.import({
      ...fileOf({ type: 'FeatureCollection', features: [copy] }),
      source: PLANTED.source,
      crs: 'gcj02',
      mode: 'valid',
    });
    expect(thirdResult.written).toMatchObject({ inserted: 0, merged: 1 });
    expect(((await attrsOf(PLANTED.duplicateSourceIds[0])).merged_source_ids as string[]).sort()).toEqual(['WC-T06', 'WC-T07']);
    const fourth = await caller(steward).facilityData.import({ ...settings('gcj02'), mode: 'valid' });
    expect(fourth.written).toMatchObject({ inserted: 0, updated: 0, merged: 0 });
  });

  it('updates and retires by source id, undoes a batch whole with its reason, and refuses undo after a later edit', async () => {
    const edited = plantedFacilities();
    edited.features[0].properties!['名称'] = '番禺路公共厕所';
    edited.features[1].properties!['状态'] = '已拆除';
    const result = await caller(steward).facilityData.import({ ...fileOf(edited), source: PLANTED.source, crs: 'gcj02', mode: 'valid' });
    expect(result.written).toMatchObject({ inserted: 0, updated: 1, retired: 1 });
    expect((await bySourceId('WC-T01'))[0].name).toBe('番禺路公共厕所');
    expect((await bySourceId('WC-T02'))[0].retired).toBe(true);
    expect(await bySourceId('WC-T02', false)).toEqual([]);

    await expect(caller(steward).facilityData.undo({ batchId: result.written!.batchId!, reason: 'x' })).rejects.toThrow();
    await caller(steward).facilityData.undo({ batchId: result.written!.batchId!, reason: '误用了旧台账' });
    expect((await bySourceId('WC-T01'))[0].name).toBe('番禺路公厕');
    expect((await bySourceId('WC-T02'))[0].retired).toBe(false);
    const batches = await caller(steward).facilityData.batches();
    expect(batches[0]).toMatchObject({ id: result.written!.batchId, undoneBy: '数据管理员', undoReason: '误用了旧台账' });
    expect(await refusal(caller(steward).facilityData.undo({ batchId: result.written!.batchId!, reason: '再来一次' }))).toMatchObject({
      code: 'CONFLICT',
    });

    // The first batch, after the steward edited one of its facilities: refused, nothing changed.
    const [t05] = await bySourceId('WC-T05');
    await caller(steward).facilityData.edit({
      id: t05.id,
      version: t05.version,
      name: '仙霞路公厕（东）',
      status: 'cleaning',
      address: t05.address,
      subDistrictCode: t05.subDistrictCode,
      lngLat: null,
    });
    // A second edit from the version the first one replaced is refused, not lost.
    expect(
      await refusal(
        caller(steward).facilityData.edit({
          id: t05.id,
          version: t05.version,
          name: '别名',
          status: 'open',
          address: null,
          subDistrictCode: t05.subDistrictCode,
          lngLat: null,
        }),
      ),
    ).toMatchObject({ code: 'CONFLICT' });
    const first = batches.find((b) => b.inserted === 4)!;
    expect(await refusal(caller(steward).facilityData.undo({ batchId: first.id, reason: '整批撤回' }))).toMatchObject({ code: 'CONFLICT' });
    expect((await bySourceId('WC-T05'))[0]).toMatchObject({ name: '仙霞路公厕（东）', retired: false });
    const history = await caller(steward).facilityData.history({ id: t05.id });
    expect(history.map((h) => h.action)).toEqual(['edit', 'merge', 'insert']);
  });

  it('takes pushes from a source system with a data-source key, and only with one', async () => {
    const sysadmin = await services.auth.createUser({
      username: 'sys',
      displayName: '系统管理员',
      role: 'system_admin',
      password: 'sys-password-1234',
    });
    const actor = { userId: sysadmin.id, name: '系统管理员', role: 'system_admin' as const, unitId: null };
    const { key } = await services.outsideClients.issue(
      { kind: 'data-source', name: '园林所台账系统', scopes: ['facilities:push'] },
      actor,
    );
    const { key: wrongKind } = await services.outsideClients.issue({ kind: 'terminal', name: '终端', scopes: ['knowledge:read'] }, actor);
    const route = createFacilityPushRoute({ imports: services.facilityData.imports, clients: services.outsideClients });
    const server = createServer((req, res) => void route.handle(req, res, new URL(req.url ?? '/', 'http://x')));
    await new Promise<void>((resolve) => server.listen(0, resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/data/facilities/push`;
    const push = (body: unknown, apiKey = key) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(body) });
    try {
      const changes = [
        { sourceId: 'YL-1', op: 'upsert', kind: '公厕', name: '天山公园公厕', lng: 121.3983, lat: 31.2158 },
        { sourceId: 'YL-2', op: 'upsert', kind: 'toilet', name: '区外', lng: 121.5, lat: 31.3 },
      ];
      expect((await push({ changes }, wrongKind)).status).toBe(401);
      const refused = await push({ changes });
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({
        blocked: true,
        problems: [{ index: 1, sourceId: 'YL-2', problems: [{ code: 'outsideDistrict' }] }],
      });
      const ok = await push({ mode: 'valid', changes });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ inserted: 1, skipped: 1 });
      const retired = await (await push({ changes: [{ sourceId: 'YL-1', op: 'retire' }] })).json();
      expect(retired).toMatchObject({ retired: 1 });
      const rows = (await caller(steward).facilityData.facilities({ source: '园林所台账系统', includeRetired: true })).rows;
      expect(rows).toEqual([expect.objectContaining({ sourceId: 'YL-1', retired: true })]);
    } finally {
      server.close();
    }
  });

  it('refuses every facility-data call to roles other than the data steward', async () => {
    expect(await refusal(caller(duty).facilityData.batches())).toMatchObject({ code: 'FORBIDDEN' });
  });
});
