import type { Metadata } from 'next';
import { AlarmsScreen } from '@/components/alarms/alarms-screen';

export const metadata: Metadata = { title: '报警阈值与自助终端健康 · 长宁区' };

/** Alarm thresholds (propose / approve, history) and the kiosks' health with repair clocks. */
export default function AlarmsPage() {
  return <AlarmsScreen />;
}
