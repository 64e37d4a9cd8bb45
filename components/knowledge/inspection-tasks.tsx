'use client';
/** 检查更新 on /knowledge: the entries due for their periodic check, overdue first, each closed with its outcome. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { formatDate } from '@/domain/i18n/format';

const OUTCOMES = ['confirmed', 'updated', 'withdrawn'] as const;

export function InspectionTasks() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const tasks = useQuery(trpc.knowledge.inspections.queryOptions());
  const complete = useMutation(
    trpc.knowledge.completeInspection.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.knowledge.inspections.queryKey() }),
    }),
  );
  if (!tasks.data?.length) return <p className="text-sm text-slate-400">{t('knowledge.inspect.empty')}</p>;
  return (
    <div className="space-y-2 text-sm">
      {complete.error && (
        <p role="alert" className="text-red-300">
          {errorMessage(complete.error)}
        </p>
      )}
      <ul className="max-h-96 space-y-2 overflow-y-auto">
        {tasks.data.map((task) => (
          <li key={task.id} className="flex flex-wrap items-center gap-2 rounded border border-slate-700 p-2" data-testid="inspection-task">
            <span className="font-semibold">{task.title}</span>
            <span className="text-slate-400">
              {t(`knowledge.type.${task.type}`)} ·{' '}
              {t('knowledge.inspect.due', {
                department: task.department ?? t('knowledge.inspect.noDepartment'),
                day: formatDate(task.dueAt, locale),
              })}
            </span>
            {task.overdue && <span className="text-red-300">{t('knowledge.inspect.overdue', { n: task.chaseCount })}</span>}
            <span className="ml-auto flex gap-1">
              {OUTCOMES.map((outcome) => (
                <Button
                  key={outcome}
                  size="sm"
                  disabled={complete.isPending}
                  onClick={() => complete.mutate({ taskId: task.id, outcome, note: null })}
                >
                  {t(`knowledge.inspect.${outcome}`)}
                </Button>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
