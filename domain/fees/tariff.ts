/**
 * The 清费云 tariff (收费标准): a price per 240 L bin or per tonne for each waste type, in integer 分, and the
 * overage threshold above which actual volumes are flagged for billing. Versioned with four-eyes approval
 * (server/rules). The demo prices are synthetic and say so. Pure.
 */
import { z } from 'zod';
import { WASTE_TYPES, type TariffUnit, type WasteType } from './fee-values';

export const tariffSchema = z
  .object({
    synthetic: z.boolean(),
    overageThresholdPercent: z.number().int().min(0).max(100),
    prices: z
      .array(
        z
          .object({
            wasteType: z.enum(WASTE_TYPES),
            unit: z.enum(['bin240', 'tonne']),
            priceFen: z.number().int().min(0).max(10_000_000),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .refine((t) => new Set(t.prices.map((p) => p.wasteType)).size === t.prices.length, {
    message: '每种垃圾只能有一个价格 / one price per waste type',
  });

export type Tariff = z.infer<typeof tariffSchema>;

export function priceOf(tariff: Tariff, wasteType: WasteType): { unit: TariffUnit; priceFen: number } | null {
  const p = tariff.prices.find((x) => x.wasteType === wasteType);
  return p ? { unit: p.unit, priceFen: p.priceFen } : null;
}
