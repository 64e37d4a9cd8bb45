import type { Metadata } from 'next';
import { ResourceCentre } from '@/components/resources/resource-centre';

export const metadata: Metadata = { title: '数据资源中心 · 长宁区' };

/** The resource centre: 绿化 / 环卫 / 市容 ledgers, indicators by sub-district, exports (signing in is enforced by the server). */
export default function DataPage() {
  return <ResourceCentre />;
}
