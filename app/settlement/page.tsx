import type { Metadata } from 'next';
import { SettlementScreen } from '@/components/settlement/settlement-screen';

export const metadata: Metadata = { title: '服务结算 · 长宁区绿化市容' };

/** 服务结算: outsourced services paid by verified workload, for the bureau, the third party and the suppliers. */
export default function SettlementPage() {
  return <SettlementScreen />;
}
