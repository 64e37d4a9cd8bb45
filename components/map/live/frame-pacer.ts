/**
 * Paces the live units' redraws to what the screen can paint. With a GPU a frame takes about 16 ms and units glide
 * every frame. With software WebGL, or a busy machine driving a 4K wall, one frame can take seconds: gliding then
 * keeps the browser painting without a pause, and a click, a wheel or a window resize waits behind frame after
 * frame. When several frames in a row are slower than `slowFrameMs`, the pacer says "slow": units stop gliding (they
 * jump to their newest fix) and are redrawn at most once per `slowRedrawMs`. After `retryMs` it lets gliding try
 * again, measuring afresh.
 */
export interface FramePacerOptions {
  slowFrameMs: number;
  /** Consecutive slow frames before gliding stops: a single long pause (a hidden tab, a GC) is not a slow screen. */
  slowFramesInARow: number;
  slowRedrawMs: number;
  retryMs: number;
}

export const DEFAULT_FRAME_PACING: FramePacerOptions = {
  slowFrameMs: 250,
  slowFramesInARow: 3,
  slowRedrawMs: 1000,
  retryMs: 30_000,
};

export class FramePacer {
  private lastFrameAt: number | null = null;
  private slowInARow = 0;
  private slowUntil = 0;

  constructor(private readonly options: FramePacerOptions = DEFAULT_FRAME_PACING) {}

  /** Whether redraws should be sparse and without gliding at `now`. */
  isSlow(now: number): boolean {
    return now < this.slowUntil;
  }

  get slowRedrawMs(): number {
    return this.options.slowRedrawMs;
  }

  /** An animation frame of a running glide loop was painted at `now`. */
  frame(now: number): void {
    if (this.lastFrameAt !== null) {
      this.slowInARow = now - this.lastFrameAt > this.options.slowFrameMs ? this.slowInARow + 1 : 0;
      if (this.slowInARow >= this.options.slowFramesInARow) {
        this.slowUntil = now + this.options.retryMs;
        this.slowInARow = 0;
        this.lastFrameAt = null;
        return;
      }
    }
    this.lastFrameAt = now;
  }

  /** The loop paused (nothing glides): the next frame's distance from this one says nothing about the screen. */
  paused(): void {
    this.lastFrameAt = null;
  }
}
