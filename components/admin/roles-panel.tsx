'use client';
/**
 * Security administrator: grants roles (the server refuses one that conflicts with another account of the same
 * person), issues the security half of activation codes, disables or re-enables accounts (never their own).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Role, ROLES } from '@/domain/auth/roles';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { ActivationHalfButton } from './activation-half';

export function RolesPanel() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const users = useQuery(trpc.admin.usersForRoles.queryOptions());
  const [chosen, setChosen] = useState<Record<number, Role>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.usersForRoles.queryKey() });
  const assign = useMutation(trpc.admin.assignRole.mutationOptions({ onSuccess: refresh }));
  const setActive = useMutation(trpc.admin.setActive.mutationOptions({ onSuccess: refresh }));
  const error = assign.error ?? setActive.error;

  return (
    <section data-testid="admin-roles" className="rounded-lg border border-slate-700 bg-slate-900/70 p-4">
      <h2 className="mb-3 text-lg font-semibold">{t('admin.roles.title')}</h2>
      {error && (
        <p role="alert" className="mb-2 text-sm text-red-300">
          {errorMessage(error)}
        </p>
      )}
      <table className="w-full text-left text-sm">
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id} className="border-t border-slate-800">
              <td className="py-1" translate="no">
                {u.username}
              </td>
              <td>{u.display_name}</td>
              <td>
                <select
                  className="rounded border border-slate-600 bg-slate-800 px-1"
                  value={chosen[u.id] ?? u.role ?? ''}
                  onChange={(e) => setChosen({ ...chosen, [u.id]: e.target.value as Role })}
                >
                  {!u.role && <option value="">{t('admin.users.noRole')}</option>}
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="ml-1 rounded border border-slate-600 px-2 text-xs"
                  disabled={!(chosen[u.id] ?? u.role)}
                  onClick={() => {
                    const role = chosen[u.id] ?? u.role;
                    if (role) assign.mutate({ userId: u.id, role });
                  }}
                >
                  {t('admin.roles.assign')}
                </button>
              </td>
              <td>{u.activated ? t('admin.activation.done') : <ActivationHalfButton userId={u.id} username={u.username} />}</td>
              <td>
                <button
                  type="button"
                  className="rounded border border-slate-600 px-2 text-xs"
                  onClick={() => setActive.mutate({ userId: u.id, active: !u.active })}
                >
                  {u.active ? t('admin.roles.disable') : t('admin.roles.enable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
