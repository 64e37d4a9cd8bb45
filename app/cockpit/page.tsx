import type { Metadata } from 'next';
import { CockpitScreen } from '@/components/cockpit/cockpit-screen';

export const metadata: Metadata = { title: '废弃物综合处置中心 · 管理驾驶舱' };

/** The disposal center's cockpit for duty officers and leaders (signing in is enforced by the server). */
export default function CockpitPage() {
  return <CockpitScreen />;
}
