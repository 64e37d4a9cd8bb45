import type { Metadata, Viewport } from 'next';
import { AskScreen } from '@/components/knowledge/ask-screen';

export const metadata: Metadata = { title: '知识问答 · 长宁区绿化市容' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#071426' };

/** Q&A for everyone signed in, also the phone view the field app links to (signing in is enforced by the server). */
export default function AskPage() {
  return <AskScreen />;
}
