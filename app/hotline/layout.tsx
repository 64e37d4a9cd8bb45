import type { ReactNode } from 'react';
// The wall's root font scaling (designed at 1920×1080 in rem), and the printed report's layout.
import '../(command)/wall.css';
import './print.css';

export default function HotlineLayout({ children }: { children: ReactNode }) {
  return children;
}
