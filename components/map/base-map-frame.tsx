/** Where a base map (useBaseMap) draws, filling its parent, with its loading failure said in place of the map. */
import type { RefObject } from 'react';

export function BaseMapFrame({ containerRef, failure }: { containerRef: RefObject<HTMLDivElement | null>; failure: string | null }) {
  return (
    <div className="absolute inset-0">
      <div ref={containerRef} style={{ position: 'absolute', inset: 0 }} />
      {failure ? (
        <div role="alert" className="absolute inset-0 flex items-center justify-center text-red-200">
          {failure}
        </div>
      ) : null}
    </div>
  );
}
