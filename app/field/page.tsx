import type { Metadata, Viewport } from 'next';
import { FieldScreen } from '@/components/field/field-screen';
import { LiveProvider } from '@/components/live/live-provider';

export const metadata: Metadata = { title: '单兵处置 · 绿容' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#071426' };

/** The field unit's phone app (signing in is enforced by the server before this renders). */
export default function FieldPage() {
  // The phone's one socket: its unit's notices only, no position frames (it has no map).
  return (
    <LiveProvider audience="unit">
      <FieldScreen />
    </LiveProvider>
  );
}
