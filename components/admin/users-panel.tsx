'use client';
/**
 * System administrator: the account list and creating accounts — with no role and no password (三员分立): the
 * security administrator grants the role, and each of the two issues half of the activation code. Each account shows
 * its district by name; a city-level administrator (one offered several districts) chooses a new account's district,
 * or none for a city-level account.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { ActivationHalfButton } from './activation-half';

/** The select's value for "no district" (a city-level account); district codes are digits. */
const CITY_LEVEL = 'city';

export function UsersPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const users = useQuery(trpc.admin.users.queryOptions());
  const districts = useQuery(trpc.admin.districts.queryOptions());
  // Only a city-level administrator is offered more than one district; anyone else's accounts go to their own.
  const choices = districts.data && districts.data.length > 1 ? districts.data : null;
  const [form, setForm] = useState({ username: '', displayName: '', staffNo: '' });
  const [district, setDistrict] = useState<string | null>(null);
  const chosenDistrict = district ?? choices?.[0]?.code ?? '';
  const create = useMutation(
    trpc.admin.createUser.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.admin.users.queryKey() });
        setForm({ username: '', displayName: '', staffNo: '' });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(choices ? { ...form, districtCode: chosenDistrict === CITY_LEVEL ? null : chosenDistrict } : form);
  };
  const input = 'rounded border border-slate-600 bg-slate-800 px-2 py-1 text-sm';

  return (
    <section data-testid="admin-users" className="rounded-lg border border-slate-700 bg-slate-900/70 p-4">
      <h2 className="mb-3 text-lg font-semibold">{t('admin.users.title')}</h2>
      <form onSubmit={submit} className="mb-4 flex flex-wrap items-end gap-2">
        <label className="text-xs">
          {t('admin.users.username')}
          <br />
          <input className={input} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        </label>
        <label className="text-xs">
          {t('admin.users.displayName')}
          <br />
          <input className={input} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
        </label>
        <label className="text-xs">
          {t('admin.users.staffNo')}
          <br />
          <input className={input} value={form.staffNo} onChange={(e) => setForm({ ...form, staffNo: e.target.value })} />
        </label>
        {choices && (
          <label className="text-xs">
            {t('admin.users.district')}
            <br />
            <select
              data-testid="admin-user-district"
              className={input}
              value={chosenDistrict}
              onChange={(e) => setDistrict(e.target.value)}
            >
              {choices.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
              <option value={CITY_LEVEL}>{t('admin.users.cityLevel')}</option>
            </select>
          </label>
        )}
        <button type="submit" className="rounded bg-sky-700 px-3 py-1 text-sm hover:bg-sky-600" disabled={create.isPending}>
          {t('admin.users.create')}
        </button>
      </form>
      {create.error && (
        <p role="alert" className="mb-2 text-sm text-red-300">
          {errorMessage(create.error)}
        </p>
      )}
      {create.isSuccess && (
        <p className="mb-2 text-sm text-emerald-300">{t('admin.users.created', { username: create.variables?.username ?? '' })}</p>
      )}
      <table className="w-full text-left text-sm">
        <thead className="text-slate-400">
          <tr>
            <th>{t('admin.users.username')}</th>
            <th>{t('admin.users.displayName')}</th>
            <th>{t('admin.users.district')}</th>
            <th>{t('admin.users.role')}</th>
            <th>{t('admin.users.active')}</th>
            <th>{t('admin.activation.title')}</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id} className="border-t border-slate-800">
              <td translate="no">{u.username}</td>
              <td>{u.display_name}</td>
              <td>{u.district_name ?? t('admin.users.cityLevel')}</td>
              <td>{u.role ? t(`role.${u.role}`) : t('admin.users.noRole')}</td>
              <td>{u.active ? t('admin.users.enabled') : t('admin.users.disabled')}</td>
              <td>{u.activated ? t('admin.activation.done') : <ActivationHalfButton userId={u.id} username={u.username} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
