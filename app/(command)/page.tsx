import type { Metadata } from 'next';
import { CommandScreen } from '@/components/wall/command-screen';

export const metadata: Metadata = { title: '绿容一张图 · 长宁区' };

/** The command wall for duty officers (signing in is enforced by the server before this renders). */
export default function CommandPage() {
  return <CommandScreen />;
}
