import type { Metadata } from 'next';
import { DispatchScreen } from '@/components/dispatch/dispatch-screen';

export const metadata: Metadata = { title: '绿容派单枢纽 · 长宁区' };

/** Order queue and map-click dispatch for dispatchers (signing in is enforced by the server before this renders). */
export default function DispatchPage() {
  return <DispatchScreen />;
}
