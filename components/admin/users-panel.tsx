'use client';
/** System administrator: the account list and creating business accounts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { controlClass } from '@/components/ui/field';

const BUSINESS_ROLES = ['duty_officer', 'dispatcher', 'leader', 'hotline_analyst', 'field_unit', 'fee_clerk', 'knowledge_editor'] as const;

export function UsersPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const users = useQuery(trpc.admin.users.queryOptions());
  const [form, setForm] = useState({ username: '', displayName: '', role: 'duty_officer' as (typeof BUSINESS_ROLES)[number], password: '' });
  const create = useMutation(
    trpc.admin.createUser.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() });
        setForm((f) => ({ ...f, username: '', displayName: '', password: '' }));
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(form);
  };
  const input = controlClass('sm', 'text-sm');

  return (
    <section data-testid="admin-users" className="rounded-lg border border-slate-700 bg-slate-900/70 p-4">
      <h2 className="mb-3 text-lg font-semibold">{t('admin.users.title')}</h2>
      <form onSubmit={submit} className="mb-4 flex flex-wrap items-end gap-2">
        <label className="text-xs">{t('admin.users.username')}<br /><input className={input} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} /></label>
        <label className="text-xs">{t('admin.users.displayName')}<br /><input className={input} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} /></label>
        <label className="text-xs">{t('admin.users.role')}<br />
          <select className={input} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as typeof form.role })}>
            {BUSINESS_ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
        </label>
        <label className="text-xs">{t('admin.users.password')}<br /><input type="password" className={input} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></label>
        <Button type="submit" variant="primary" size="md" className="text-sm" disabled={create.isPending}>{t('admin.users.create')}</Button>
      </form>
      {create.error && <p role="alert" className="mb-2 text-sm text-red-300">{errorMessage(create.error)}</p>}
      {create.isSuccess && <p className="mb-2 text-sm text-emerald-300">{t('admin.users.created', { username: create.variables?.username ?? '' })}</p>}
      <table className="w-full text-left text-sm">
        <thead className="text-slate-400"><tr><th>{t('admin.users.username')}</th><th>{t('admin.users.displayName')}</th><th>{t('admin.users.role')}</th><th>{t('admin.users.active')}</th></tr></thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id} className="border-t border-slate-800">
              <td>{u.username}</td><td>{u.display_name}</td><td>{t(`role.${u.role}`)}</td><td>{u.active ? t('admin.users.enabled') : t('admin.users.disabled')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
