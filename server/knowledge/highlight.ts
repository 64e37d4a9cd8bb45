/** Splits a text into runs, marking where any of the matched words occur (longest first), for highlighting. */
export function highlight(text: string, words: readonly string[]): Array<{ text: string; hit: boolean }> {
  const sorted = [...new Set(words)].filter((w) => w.length > 0).sort((a, b) => b.length - a.length);
  const lower = text.toLowerCase();
  const runs: Array<{ text: string; hit: boolean }> = [];
  let plain = '';
  for (let i = 0; i < text.length;) {
    const word = sorted.find((w) => lower.startsWith(w, i));
    if (word) {
      if (plain) runs.push({ text: plain, hit: false });
      plain = '';
      runs.push({ text: text.slice(i, i + word.length), hit: true });
      i += word.length;
    } else {
      plain += text[i];
      i++;
    }
  }
  if (plain) runs.push({ text: plain, hit: false });
  return runs;
}
