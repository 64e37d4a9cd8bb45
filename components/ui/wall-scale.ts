/**
 * The wall screen is designed at 1920×1080 and scaled to whatever drives it (3840×2160 on the video wall) by
 * the root font size: every length in the layout is in rem, so scaling 1rem scales it all, and the map's canvas
 * keeps the screen's full resolution (a CSS transform would upscale a blurry map). The CSS rule in
 * app/(command)/wall.css computes the same factor; this module gives it to code that draws in pixels
 * (deck.gl radii, MapLibre label sizes, chart fonts).
 */
export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;
/** Below this the wall would be unreadable anyway; laptops previewing the wall stay at least this large. */
export const MIN_SCALE = 0.5;

/** Factor from the 1920×1080 design to a viewport: the largest that fits both ways. */
export function wallScale(viewportWidth: number, viewportHeight: number): number {
  if (!(viewportWidth > 0) || !(viewportHeight > 0)) return 1;
  return Math.max(MIN_SCALE, Math.min(viewportWidth / DESIGN_WIDTH, viewportHeight / DESIGN_HEIGHT));
}

/** Design pixels to screen pixels. */
export function scaled(designPixels: number, scale: number): number {
  return designPixels * scale;
}
