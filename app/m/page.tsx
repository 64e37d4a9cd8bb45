import type { Metadata, Viewport } from 'next';
import { LeaderSummaryScreen } from '@/components/summary/leader-summary-screen';

export const metadata: Metadata = { title: '绿容速览 · 领导' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#071426' };

/** The leaders' summary on a phone (signing in is enforced by the server before this renders). */
export default function LeaderSummaryPage() {
  return <LeaderSummaryScreen />;
}
