import type { ReactNode } from 'react';
// The wall's root font scaling: designed at 1920×1080 in rem like the wall.
import '../(command)/wall.css';

export default function AlarmsLayout({ children }: { children: ReactNode }) {
  return children;
}
