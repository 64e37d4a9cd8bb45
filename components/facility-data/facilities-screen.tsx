'use client';
/**
 * /data/facilities, the data steward's facility register: search every facility by kind, sub-district, source and
 * text (retired ones on request); see one's history (who imported or edited what, when, from which source); edit its
 * name, status and address; retire or restore it with a reason. Each change carries the version the steward saw.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import { Panel } from '@/components/ui/panel';
import { KIND_STATUSES } from '@/domain/facility-data/facility-words';
import { formatDateTime } from '@/domain/i18n/format';
import { DataShell } from './data-shell';

/** Every kind the register can hold, with the statuses each may take (one list, shared with the import's checks). */
const KINDS = Object.keys(KIND_STATUSES);

export function FacilitiesScreen() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [kind, setKind] = useState('');
  const [text, setText] = useState('');
  const [includeRetired, setIncludeRetired] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [draft, setDraft] = useState<{ name: string; status: string; address: string } | null>(null);
  const [reason, setReason] = useState('');
  const list = useQuery(
    trpc.facilityData.facilities.queryOptions({ kind: kind || undefined, text: text || undefined, includeRetired, limit: 50 }),
  );
  const history = useQuery({ ...trpc.facilityData.history.queryOptions({ id: open ?? 0 }), enabled: open !== null });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.facilityData.pathKey() });
  const edit = useMutation(trpc.facilityData.edit.mutationOptions({ onSuccess: () => (setDraft(null), refresh()) }));
  // A retired row leaves the list (or changes state): its detail closes, so opening it again shows it afresh.
  const retire = useMutation(trpc.facilityData.retire.mutationOptions({ onSuccess: () => (setReason(''), setOpen(null), refresh()) }));
  const error = edit.error ?? retire.error;

  return (
    <DataShell title={t('dataImport.facilitiesTitle')} current="/data/facilities">
      <Panel
        title={t('dataImport.total', { n: list.data?.total ?? 0 })}
        testId="facility-register"
        bodyClassName="space-y-2 p-3 text-[0.85rem]"
      >
        <div className="flex flex-wrap items-center gap-2">
          <Select aria-label={t('dataImport.kind')} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('dataImport.allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </Select>
          <Input
            size="sm"
            data-testid="facility-search"
            placeholder={t('dataImport.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <label className="flex items-center gap-1 text-slate-300">
            <input
              type="checkbox"
              data-testid="facility-include-retired"
              checked={includeRetired}
              onChange={(e) => setIncludeRetired(e.target.checked)}
            />
            {t('dataImport.includeRetired')}
          </label>
        </div>
        {error ? (
          <p role="alert" className="text-red-300">
            {errorMessage(error)}
          </p>
        ) : null}
        <div className="overflow-x-auto">
          <table className="w-full min-w-[48rem] text-left">
            <thead className="text-slate-400">
              <tr>
                <th>{t('dataImport.col.code')}</th>
                <th>{t('dataImport.name')}</th>
                <th>{t('dataImport.kind')}</th>
                <th>{t('dataImport.col.status')}</th>
                <th>{t('dataImport.col.subDistrict')}</th>
                <th>{t('dataImport.col.address')}</th>
                <th>{t('dataImport.col.source')}</th>
              </tr>
            </thead>
            <tbody>
              {(list.data?.rows ?? []).map((f) => (
                <Fragment key={f.id}>
                  <tr
                    data-facility={f.sourceId ?? f.code}
                    className={`cursor-pointer border-t border-sky-400/10 hover:bg-sky-900/30 ${f.retired ? 'text-slate-500' : ''}`}
                    onClick={() => {
                      setOpen(open === f.id ? null : f.id);
                      setDraft(null);
                      edit.reset();
                      retire.reset();
                    }}
                  >
                    <td>{f.code}</td>
                    <td>
                      {f.name} {f.retired ? <span className="text-amber-300">（{t('dataImport.retired')}）</span> : null}
                      {f.synthetic ? <span className="text-slate-400">（{t('dataImport.synthetic')}）</span> : null}
                    </td>
                    <td>{t(`kind.${f.kind}`)}</td>
                    <td>{t(`status.${f.status}`)}</td>
                    <td>{locale === 'en' ? f.subDistrictNameEn : f.subDistrictName}</td>
                    <td>{f.address}</td>
                    <td>{f.source ? `${f.source} · ${f.sourceId ?? ''}` : ''}</td>
                  </tr>
                  {open === f.id ? (
                    <tr className="bg-slate-900/60">
                      <td colSpan={7} className="space-y-2 p-2" data-testid="facility-detail">
                        {draft ? (
                          <div className="flex flex-wrap items-center gap-2">
                            <Input
                              size="sm"
                              data-testid="facility-edit-name"
                              aria-label={t('dataImport.name')}
                              value={draft.name}
                              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                            />
                            <Select
                              aria-label={t('dataImport.col.status')}
                              value={draft.status}
                              onChange={(e) => setDraft({ ...draft, status: e.target.value })}
                            >
                              {(KIND_STATUSES[f.kind] ?? [f.status]).map((s) => (
                                <option key={s} value={s}>
                                  {t(`status.${s}`)}
                                </option>
                              ))}
                            </Select>
                            <Input
                              size="sm"
                              aria-label={t('dataImport.col.address')}
                              value={draft.address}
                              onChange={(e) => setDraft({ ...draft, address: e.target.value })}
                            />
                            <Button
                              size="sm"
                              variant="confirm"
                              data-testid="facility-save"
                              disabled={edit.isPending}
                              onClick={() =>
                                edit.mutate({
                                  id: f.id,
                                  version: f.version,
                                  name: draft.name,
                                  status: draft.status,
                                  address: draft.address || null,
                                  subDistrictCode: f.subDistrictCode,
                                  lngLat: null,
                                })
                              }
                            >
                              {t('dataImport.save')}
                            </Button>
                            <Button size="sm" variant="outline" onClick={() => setDraft(null)}>
                              {t('dataImport.cancel')}
                            </Button>
                          </div>
                        ) : (
                          <div className="flex flex-wrap items-center gap-2">
                            {!f.retired ? (
                              <Button
                                size="sm"
                                variant="outline"
                                data-testid="facility-edit"
                                onClick={() => setDraft({ name: f.name, status: f.status, address: f.address ?? '' })}
                              >
                                {t('dataImport.edit')}
                              </Button>
                            ) : null}
                            <Input
                              size="sm"
                              data-testid="facility-reason"
                              placeholder={t('dataImport.reason')}
                              aria-label={t('dataImport.reason')}
                              value={reason}
                              onChange={(e) => setReason(e.target.value)}
                            />
                            <Button
                              size="sm"
                              variant={f.retired ? 'confirm' : 'danger'}
                              data-testid="facility-retire"
                              disabled={reason.trim().length < 2 || retire.isPending}
                              onClick={() => retire.mutate({ id: f.id, version: f.version, reason, restore: f.retired })}
                            >
                              {f.retired ? t('dataImport.restore') : t('dataImport.retire')}
                            </Button>
                          </div>
                        )}
                        <div>
                          <p className="text-slate-400">{t('dataImport.history')}</p>
                          <ul data-testid="facility-history" className="space-y-0.5">
                            {(history.data ?? []).map((h) => (
                              <li key={h.id} data-action={h.action}>
                                {formatDateTime(h.at, locale)} · {t(`dataImport.history.${h.action}`)} · {h.actorName}
                                {h.source ? ` · ${h.source}` : ''}
                                {h.batchId ? ` · #${h.batchId}` : ''}
                                {h.note ? ` · ${h.note}` : ''}
                              </li>
                            ))}
                          </ul>
                        </div>
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </DataShell>
  );
}
