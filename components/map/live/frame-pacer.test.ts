import { describe, expect, it } from 'vitest';
import { FramePacer } from './frame-pacer';

const options = { slowFrameMs: 250, slowFramesInARow: 3, slowRedrawMs: 1000, retryMs: 30_000 };

/** Feeds frames `intervalMs` apart from `start`; returns the time of the last. */
function paint(pacer: FramePacer, start: number, frames: number, intervalMs: number): number {
  let at = start;
  for (let i = 0; i < frames; i++, at += intervalMs) pacer.frame(at);
  return at - intervalMs;
}

describe('FramePacer', () => {
  it('keeps gliding on a screen that paints at 60 frames a second', () => {
    const pacer = new FramePacer(options);
    const last = paint(pacer, 0, 600, 16);
    expect(pacer.isSlow(last)).toBe(false);
  });

  it('stops gliding after three slow frames in a row, and tries again after the retry time', () => {
    const pacer = new FramePacer(options);
    const last = paint(pacer, 0, 4, 1600);
    expect(pacer.isSlow(last)).toBe(true);
    expect(pacer.isSlow(last + 29_000)).toBe(true);
    expect(pacer.isSlow(last + 30_001)).toBe(false);
  });

  it('does not take one long pause, or slow frames separated by fast ones, for a slow screen', () => {
    const pacer = new FramePacer(options);
    pacer.frame(0);
    pacer.frame(5000); // a hidden tab, a long task
    pacer.frame(5016);
    pacer.frame(5400);
    pacer.frame(5700);
    pacer.frame(5716);
    expect(pacer.isSlow(5716)).toBe(false);
  });

  it('does not count the time the loop was paused (nothing gliding) as a frame', () => {
    const pacer = new FramePacer(options);
    pacer.frame(0);
    pacer.paused();
    pacer.frame(2000);
    pacer.paused();
    pacer.frame(4000);
    pacer.paused();
    pacer.frame(6000);
    expect(pacer.isSlow(6000)).toBe(false);
  });
});
