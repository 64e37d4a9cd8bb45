/** The frame every cockpit board shares: a wall panel whose body stacks a row of tiles over the board's list or table. */
import type { ReactNode } from 'react';
import { Panel } from '@/components/ui/panel';

export interface BoardProps {
  title: ReactNode;
  testId: string;
  /** Right of the title: links (open the archive, download the ledger) or a count. */
  aside?: ReactNode;
  /** The tiles along the top of the board. */
  tiles: ReactNode;
  /** Tiles per row. */
  columns?: 2 | 3;
  children: ReactNode;
}

// Whole class names, so Tailwind finds them in the source.
const GRID = { 2: 'grid grid-cols-2 gap-2', 3: 'grid grid-cols-3 gap-2' } as const;

export function Board({ title, testId, aside, tiles, columns = 2, children }: BoardProps) {
  return (
    <Panel title={title} testId={testId} aside={aside} bodyClassName="flex flex-col gap-2 p-2">
      <div className={GRID[columns]}>{tiles}</div>
      {children}
    </Panel>
  );
}
