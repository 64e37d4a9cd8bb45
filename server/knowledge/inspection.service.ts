/**
 * 检查更新: on a cycle set by type, category, area and department (domain/knowledge/inspection-rules), published
 * entries get an inspection task for the owning department's knowledge editors; the task ends confirmed (the entry
 * is current), updated (a new version was written since the task opened, then reviewed as usual) or withdrawn
 * (taken out of search in the same transaction); open tasks past due are chased once a day.
 */
import type { Kysely } from 'kysely';
import type { Database, InspectionOutcome } from '@/db/schema';
import { can } from '@/domain/auth/roles';
import { AppError } from '@/domain/errors';
import { dueAt, inspectionDue, ruleFor } from '@/domain/knowledge/inspection-rules';
import type { Clock } from '@/server/clock';
import type { Actor } from '@/server/orders/order-change';
import * as inspections from './inspection.repository';
import type { KnowledgeService } from './knowledge.service';
import * as repo from './knowledge.repository';

/** An overdue task is chased again after a day. */
const CHASE_INTERVAL_MS = 86_400_000;

/** Reviewers (and the system) see and may close every department's tasks. */
const seesAll = (actor: Actor) => actor.role === 'system' || can(actor.role, 'knowledge:review');

export class KnowledgeInspections {
  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; knowledge: KnowledgeService }) {}

  /** The periodic job: opens the tasks that have come due, then chases the overdue ones. */
  async runRound(): Promise<{ opened: number; chased: number }> {
    const opened = await this.generateDue();
    const chased = (await this.chaseOverdue()).length;
    return { opened, chased };
  }

  async generateDue(): Promise<number> {
    const now = this.deps.clock.now();
    const rules = await inspections.rules(this.deps.db);
    const due = [];
    for (const entry of await inspections.publishedWithoutOpenTask(this.deps.db)) {
      const rule = ruleFor(entry, rules);
      if (!rule || !inspectionDue(entry.checked_at ? new Date(entry.checked_at) : null, rule, now)) continue;
      due.push({ entryId: entry.id, departmentId: entry.department_id, ruleId: rule.id, at: now, dueAt: dueAt(now, rule) });
    }
    return inspections.insertTasks(this.deps.db, due);
  }

  async chaseOverdue() {
    const now = this.deps.clock.now();
    return inspections.chase(this.deps.db, now, new Date(now.getTime() - CHASE_INTERVAL_MS));
  }

  /** The open tasks an editor is sent (their departments'; all for reviewers and editors of no department). */
  async openFor(actor: Actor, limit = 200) {
    const departments = seesAll(actor) || actor.userId === null ? [] : await inspections.departmentsOf(this.deps.db, actor.userId);
    const now = this.deps.clock.now().getTime();
    return (await inspections.openTasks(this.deps.db, departments.length ? departments : null, limit)).map((t) => ({
      id: t.id,
      entryId: t.entry_id,
      title: t.title,
      type: t.type,
      department: t.department,
      dueAt: new Date(t.due_at),
      overdue: new Date(t.due_at).getTime() < now,
      chaseCount: t.chase_count,
    }));
  }

  /** Closes a task with its outcome; only an editor of the owning department (or a reviewer) may. */
  async complete(taskId: number, outcome: InspectionOutcome, note: string | null, actor: Actor): Promise<void> {
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const task = await inspections.findTask(trx, taskId);
      if (!task) throw new AppError('NOT_FOUND', 'error.notFound', `No inspection task ${taskId}`, { what: `检查任务 ${taskId}` });
      if (task.status !== 'open') throw new AppError('CONFLICT', 'knowledge.error.inspectionDone', `Task ${taskId} is already done`);
      if (task.department_id !== null && !seesAll(actor)) {
        const mine = actor.userId === null ? [] : await inspections.departmentsOf(trx, actor.userId);
        if (!mine.includes(task.department_id))
          throw new AppError('FORBIDDEN', 'knowledge.error.notYourDepartment', `Task ${taskId} belongs to another department`);
      }
      if (outcome === 'updated') {
        const entry = await repo.findEntry(trx, task.entry_id);
        const latest = entry && (await repo.findVersion(trx, task.entry_id, entry.latest_version));
        if (!latest || new Date(latest.edited_at) <= new Date(task.created_at))
          throw new AppError(
            'BAD_REQUEST',
            'knowledge.error.notUpdated',
            `Entry ${task.entry_id} has no new version since the task opened`,
          );
      }
      if (outcome === 'confirmed') await inspections.markChecked(trx, task.entry_id, at);
      if (outcome === 'withdrawn') await this.deps.knowledge.takedown(task.entry_id, 'inspection', actor, trx);
      if (!(await inspections.closeTask(trx, taskId, { outcome, note, by: actor.userId, at })))
        throw new AppError('CONFLICT', 'knowledge.error.inspectionDone', `Task ${taskId} is already done`);
    });
  }
}
