/**
 * Workload OneMap has verified itself, per catalogue line and month, read through the owning features' services:
 * closed work orders of the line's categories (kiosk repairs are the kiosk categories' orders), knowledge entries
 * first published, AI voice calls placed. Each record becomes one evidence record with a reference a person can
 * open (an order code, a knowledge entry, a call).
 */
import type { KnowledgeService } from '@/server/knowledge/knowledge.service';
import type { OrdersService } from '@/server/orders/orders.service';
import type { VoiceService } from '@/server/voice/voice.service';
import type { DistrictScope } from '@/domain/tenancy/district-scope';

export type DerivedSource = 'orders' | 'knowledge_published' | 'voice_calls';

export interface DerivedRecord {
  ref: string;
  note: string | null;
  quantity: bigint;
}

/** The instants a Shanghai month [start, end) covers. */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: new Date(`${month}-01T00:00:00+08:00`), to: new Date(`${next}-01T00:00:00+08:00`) };
}

export class DerivedWorkloads {
  constructor(private readonly sources: { orders: OrdersService; knowledge: KnowledgeService; voice: VoiceService }) {}

  /** A contract's lines count only the records of the contract's district (`scope`). */
  async records(
    line: { derived_from: DerivedSource; derived_categories: string[] },
    month: string,
    scope: DistrictScope,
  ): Promise<DerivedRecord[]> {
    const { from, to } = monthBounds(month);
    switch (line.derived_from) {
      case 'orders':
        return (await this.sources.orders.closedForSettlement({ categories: line.derived_categories, from, to, scope })).map((o) => ({
          ref: `order:${o.code}`,
          note: `photos:${o.photos}`,
          quantity: 1n,
        }));
      case 'knowledge_published':
        return (await this.sources.knowledge.publishedIn(from, to, scope)).map((e) => ({
          ref: `knowledge:${e.entryId}`,
          note: e.title,
          quantity: 1n,
        }));
      case 'voice_calls':
        return (await this.sources.voice.placedIn(from, to, scope)).map((c) => ({ ref: `call:${c.id}`, note: c.kind, quantity: 1n }));
    }
  }
}
