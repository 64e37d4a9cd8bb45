import type { Metadata } from 'next';
import { ImportScreen } from '@/components/facility-data/import-screen';

export const metadata: Metadata = { title: '数据采集 · 长宁区绿化市容' };

/** 数据采集: the data steward imports facility layers with a cleansing report before anything is written. */
export default function DataImportPage() {
  return <ImportScreen />;
}
