/**
 * The wall's alarm sound: two short beeps generated with Web Audio (no sound files, nothing fetched). The count of
 * beeps asked for is on `window.__onemapAlarms.beeps`, so an end-to-end test can tell the wall rang even where
 * the browser keeps audio muted until a click.
 */
declare global {
  interface Window {
    __onemapAlarms?: { beeps: number };
  }
}

let context: AudioContext | null = null;

export function beep(): void {
  window.__onemapAlarms = { beeps: (window.__onemapAlarms?.beeps ?? 0) + 1 };
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    const start = context.currentTime;
    for (const offset of [0, 0.28]) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = 'square';
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
      osc.connect(gain).connect(context.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.24);
    }
  } catch {
    // No audio device (a wall PC without speakers): the panel still flashes.
  }
}
