import type { ReactNode } from 'react';
// The wall's root font scaling: the cockpit is designed at 1920×1080 in rem like the wall.
import '../(command)/wall.css';

export default function CockpitLayout({ children }: { children: ReactNode }) {
  return children;
}
