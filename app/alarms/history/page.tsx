import type { Metadata } from 'next';
import { AlarmHistoryScreen } from '@/components/alarms/alarm-history';

export const metadata: Metadata = { title: '报警历史 · 长宁区' };

/** Past alarms: search by object, type and period, and their trend by day and type. */
export default function AlarmHistoryPage() {
  return <AlarmHistoryScreen />;
}
