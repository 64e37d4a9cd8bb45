/**
 * 检查更新 on both dialects: a published 政策 is due after its 90-day cycle (the most specific rule) and gets one task
 * for its department, not two; only that department's editor (or a reviewer) closes it; "updated" needs a new
 * version; "withdrawn" takes the entry out of search; an overdue task is chased once a day; a confirmed entry's
 * cycle starts again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@/server/clock';
import { KnowledgeInspections } from '@/server/knowledge/inspection.service';
import { KnowledgeService } from '@/server/knowledge/knowledge.service';
import type { Actor } from '@/server/orders/order-change';
import { dialects, freshDatabase, type TestDatabase } from './databases';
import { insertUser } from './orders-fixture';

const ALL_CHECKED = { truthful: true, complete: true, safe: true, legitimateSource: true };
const SANITATION = 1;
const GREENING = 2;

describe.each(dialects)('knowledge inspections on %s', (dialect) => {
  let database: TestDatabase;
  let kb: KnowledgeService;
  let inspections: KnowledgeInspections;
  let sanitationEditor: Actor;
  let greeningEditor: Actor;
  let reviewer: Actor;
  const clock = new ManualClock('2026-01-05T02:00:00Z');
  const days = (n: number) => clock.advanceMinutes(n * 1440);

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    kb = new KnowledgeService({ db: database.db, clock });
    inspections = new KnowledgeInspections({ db: database.db, clock, knowledge: kb });
    const s = await insertUser(database.db, 'ki-sanitation', '环卫编辑', 'knowledge_editor');
    const g = await insertUser(database.db, 'ki-greening', '绿化编辑', 'knowledge_editor');
    const r = await insertUser(database.db, 'ki-reviewer', '审核', 'knowledge_reviewer');
    sanitationEditor = { userId: s.id, name: s.username, role: 'knowledge_editor', unitId: null };
    greeningEditor = { userId: g.id, name: g.username, role: 'knowledge_editor', unitId: null };
    reviewer = { userId: r.id, name: r.username, role: 'knowledge_reviewer', unitId: null };
    await database.db
      .insertInto('knowledge_department_editors')
      .values([
        { department_id: SANITATION, user_id: s.id },
        { department_id: GREENING, user_id: g.id },
      ])
      .execute();
  }, 120_000);
  afterAll(async () => database?.drop());

  async function publish(type: 'policy' | 'qa', title: string, departmentId: number) {
    const { entryId } = await kb.create({ type, title, answer: `${title}的答复内容。`, departmentId }, sanitationEditor);
    await kb.propose(entryId, 1, sanitationEditor);
    await kb.decide(entryId, 1, { approve: true, checklist: ALL_CHECKED, note: null }, reviewer);
    return entryId;
  }

  it('opens one task per due entry on its cycle, sends it to its department, and lets only that department close it', async () => {
    const policy = await publish('policy', '生活垃圾分类投放管理规定', SANITATION);
    await publish('qa', '行道树修剪找谁', GREENING);
    days(89);
    expect(await inspections.generateDue()).toBe(0);
    days(1);
    // The 政策 is due after 90 days; the 问答 falls under the 365-day default and is not.
    expect(await inspections.generateDue()).toBe(1);
    expect(await inspections.generateDue()).toBe(0);
    const mine = await inspections.openFor(sanitationEditor);
    expect(mine).toEqual([expect.objectContaining({ entryId: policy, department: '区绿化和市容管理局 环卫管理科', overdue: false })]);
    expect(await inspections.openFor(greeningEditor)).toEqual([]);
    await expect(inspections.complete(mine[0].id, 'confirmed', null, greeningEditor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(inspections.complete(mine[0].id, 'updated', null, sanitationEditor)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await inspections.complete(mine[0].id, 'confirmed', '已核对条例原文', sanitationEditor);
    await expect(inspections.complete(mine[0].id, 'confirmed', null, sanitationEditor)).rejects.toMatchObject({ code: 'CONFLICT' });
    // Confirmed: the cycle starts again from today.
    days(89);
    expect(await inspections.generateDue()).toBe(0);
    days(1);
    expect(await inspections.generateDue()).toBe(1);
    expect((await inspections.openFor(reviewer)).map((t) => t.entryId)).toEqual([policy]);
  });

  it('chases an overdue task once a day, and a withdrawn outcome takes the entry out of search', async () => {
    const [task] = await inspections.openFor(sanitationEditor);
    days(15); // past the 14 days to answer
    expect((await inspections.chaseOverdue()).map((t) => t.id)).toEqual([task.id]);
    expect(await inspections.chaseOverdue()).toEqual([]);
    days(1);
    const again = await inspections.chaseOverdue();
    expect(again).toEqual([expect.objectContaining({ id: task.id, chase_count: 2 })]);
    expect((await inspections.openFor(sanitationEditor))[0]).toMatchObject({ overdue: true, chaseCount: 2 });

    expect((await kb.search('垃圾分类投放管理规定', { canSeeSensitive: false, log: false })).hits[0]?.entryId).toBe(task.entryId);
    await inspections.complete(task.id, 'withdrawn', '已废止', sanitationEditor);
    const hits = (await kb.search('垃圾分类投放管理规定', { canSeeSensitive: false, log: false })).hits;
    expect(hits.map((h) => h.entryId)).not.toContain(task.entryId);
    expect(await inspections.openFor(sanitationEditor)).toEqual([]);
  });

  it('accepts "updated" once a new version was written after the task opened', async () => {
    const entryId = await publish('policy', '建筑垃圾处置核准办理指南', SANITATION);
    days(90);
    await inspections.generateDue();
    const [task] = (await inspections.openFor(sanitationEditor)).filter((t) => t.entryId === entryId);
    days(1);
    await kb.edit(
      entryId,
      1,
      { type: 'policy', title: '建筑垃圾处置核准办理指南', answer: '新版办理指南内容。', departmentId: SANITATION },
      sanitationEditor,
    );
    await inspections.complete(task.id, 'updated', null, sanitationEditor);
    expect((await inspections.openFor(reviewer)).map((t) => t.entryId)).not.toContain(entryId);
  });
});
