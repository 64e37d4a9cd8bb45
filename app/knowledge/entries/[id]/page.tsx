import type { Metadata, Viewport } from 'next';
import { EntryScreen } from '@/components/knowledge/entry-screen';

export const metadata: Metadata = { title: '知识条目 · 长宁区绿化市容' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#071426' };

/** One published entry with its files, for everyone signed in (phones too); who may read it is the server's rule. */
export default async function EntryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EntryScreen entryId={/^\d{1,9}$/.test(id) ? Number(id) : null} />;
}
