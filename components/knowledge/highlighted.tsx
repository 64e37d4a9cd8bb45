/** A text with the matched words marked. */
export function Highlighted({ runs }: { runs: ReadonlyArray<{ text: string; hit: boolean }> }) {
  return (
    <>
      {runs.map((r, i) =>
        r.hit ? (
          <mark key={i} className="rounded bg-amber-300/30 px-0.5 text-amber-100">
            {r.text}
          </mark>
        ) : (
          <span key={i}>{r.text}</span>
        ),
      )}
    </>
  );
}
