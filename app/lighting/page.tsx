import type { Metadata } from 'next';
import { LightingScreen } from '@/components/lighting/lighting-screen';

export const metadata: Metadata = { title: '景观灯光 · 长宁区' };

/** Landscape lighting: plans, actual against plan, batch repair orders (signing in is enforced by the server). */
export default function LightingPage() {
  return <LightingScreen />;
}
