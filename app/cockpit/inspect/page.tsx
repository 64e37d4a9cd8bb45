import type { Metadata } from 'next';
import { InspectScreen } from '@/components/cockpit/inspect-screen';

export const metadata: Metadata = { title: '设备巡检打卡 · 废弃物综合处置中心' };

/** The inspector's phone page: today's equipment inspections with QR and photo check-in. */
export default function InspectPage() {
  return <InspectScreen />;
}
