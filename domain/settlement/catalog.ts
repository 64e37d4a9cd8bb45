/**
 * The service catalogue of seed 001 (表一): items, their channels, units, ceiling unit prices and estimated
 * workloads. Validated when read; prices become integer 毫 exactly (from their decimal text, never floating point).
 */
import { z } from 'zod';
import { haoOfYuanText } from './settlement-money';

export const CHANNELS = ['pc', 'mobile', 'kiosk', 'capability', 'manual', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

const catalogFileSchema = z.object({
  source: z.string().min(1),
  items: z
    .array(
      z.object({
        no: z.number().int().positive(),
        group: z.string().min(1),
        name: z.string().min(1),
        unit: z.string().min(1),
        note: z.string().optional(),
        lines: z
          .array(
            z.object({
              channel: z.enum(CHANNELS),
              unitPriceYuan: z.number().nonnegative(),
              estimatedQuantity: z.number().int().nonnegative(),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

export interface CatalogLine {
  itemNo: number;
  group: string;
  name: string;
  unit: string;
  channel: Channel;
  ceilingPriceHao: bigint;
  estimatedQuantity: bigint;
}

export interface Catalog {
  source: string;
  items: number;
  lines: CatalogLine[];
}

export function parseCatalog(json: unknown): Catalog {
  const file = catalogFileSchema.parse(json);
  const lines = file.items.flatMap((item) =>
    item.lines.map((line) => {
      const hao = haoOfYuanText(String(line.unitPriceYuan));
      if (hao === null) throw new Error(`item ${item.no} ${line.channel}: price ${line.unitPriceYuan} has more than 4 decimals`);
      return {
        itemNo: item.no,
        group: item.group,
        name: item.name,
        unit: item.unit,
        channel: line.channel,
        ceilingPriceHao: hao,
        estimatedQuantity: BigInt(line.estimatedQuantity),
      };
    }),
  );
  if (new Set(file.items.map((i) => i.no)).size !== file.items.length) throw new Error('catalogue item numbers repeat');
  return { source: file.source, items: file.items.length, lines };
}
