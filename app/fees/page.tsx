import type { Metadata } from 'next';
import { FeesScreen } from '@/components/fees/fees-screen';

export const metadata: Metadata = { title: '清费云 · 长宁区绿化市容' };

/** 清费云: garbage-fee payers, declarations, contracts and clearance work, for every fee role, desk or phone. */
export default function FeesPage() {
  return <FeesScreen />;
}
