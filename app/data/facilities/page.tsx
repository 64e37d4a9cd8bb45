import type { Metadata } from 'next';
import { FacilitiesScreen } from '@/components/facility-data/facilities-screen';

export const metadata: Metadata = { title: '设施台账维护 · 长宁区绿化市容' };

/** The data steward's facility register: edit, retire and restore facilities, each with its history. */
export default function DataFacilitiesPage() {
  return <FacilitiesScreen />;
}
