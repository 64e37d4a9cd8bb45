import type { Metadata } from 'next';
import { HotlineScreen } from '@/components/hotline/hotline-screen';

export const metadata: Metadata = { title: '12345热线分析 · 长宁区' };

/** 12345 hotline analysis for analysts and leaders (signing in is enforced by the server before this renders). */
export default function HotlinePage() {
  return <HotlineScreen />;
}
