import type { ReactNode } from 'react';
import './wall.css';

/** The wall-screen routes: their own root font scaling (wall.css) so the 1920×1080 design fills any wall. */
export default function CommandLayout({ children }: { children: ReactNode }) {
  return children;
}
