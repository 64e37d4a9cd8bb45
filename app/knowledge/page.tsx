import type { Metadata } from 'next';
import { KnowledgeScreen } from '@/components/knowledge/knowledge-screen';

export const metadata: Metadata = { title: '知识库 · 长宁区绿化市容' };

/** Knowledge editors and reviewers: new entries, the review queue, unanswered questions. */
export default function KnowledgePage() {
  return <KnowledgeScreen />;
}
