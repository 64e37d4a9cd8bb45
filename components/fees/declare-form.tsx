'use client';
/** A payer declares next month's expected volume of one waste type; it stays a draft, editable, until submitted. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/i18n-provider';
import { useErrorMessage, useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { addMonths, WASTE_TYPES, type WasteType } from '@/domain/fees/fee-values';
import { shanghaiDay } from '@/domain/shanghai-time';

export function DeclareForm() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const me = useQuery(trpc.fees.me.queryOptions());
  const [month, setMonth] = useState(() => addMonths(shanghaiDay(new Date()).slice(0, 7), 1));
  const [wasteType, setWasteType] = useState<WasteType>('kitchen');
  const [quantity, setQuantity] = useState('');
  const declare = useMutation(
    trpc.fees.declare.mutationOptions({
      onSuccess: () => {
        setQuantity('');
        void queryClient.invalidateQueries({ queryKey: trpc.fees.pathKey() });
      },
    }),
  );
  if (!me.data) return null;
  return (
    <form
      data-testid="declare-form"
      className="grid gap-3 rounded-lg border border-slate-700 bg-slate-900/70 p-3 sm:grid-cols-4 sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        declare.mutate({ payerId: me.data.id, month, wasteType, quantity: Number(quantity) });
      }}
    >
      <h2 className="font-semibold sm:col-span-4">{t('fees.ui.declareTitle', { name: me.data.name })}</h2>
      <Field label={t('fees.ui.month')}>
        <Input type="month" wide size="lg" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="declare-month" />
      </Field>
      <Field label={t('fees.ui.wasteType')}>
        <Select wide value={wasteType} onChange={(e) => setWasteType(e.target.value as WasteType)} data-testid="declare-waste-type">
          {WASTE_TYPES.map((w) => (
            <option key={w} value={w}>
              {t(`fees.wasteType.${w}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('fees.ui.quantityPerMonth')}>
        <Input
          wide
          size="lg"
          inputMode="numeric"
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          data-testid="declare-quantity"
        />
      </Field>
      <Button type="submit" variant="primary" size="block" disabled={declare.isPending || !quantity} data-testid="declare-save">
        {t('fees.ui.saveDraft')}
      </Button>
      {declare.error ? (
        <p role="alert" className="text-red-300 sm:col-span-4">
          {errorMessage(declare.error)}
        </p>
      ) : null}
    </form>
  );
}
