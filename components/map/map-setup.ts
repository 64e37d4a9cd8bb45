/** What every MapLibre map here is set up with: its stylesheet, the locally served worker, and CJK label fonts (the OSM credit is a message: it is shown in the reader's language). */
// The map's CSS travels with the maps, not the root layout, so pages without a map (the leaders' phone
// summary) don't download it.
import 'maplibre-gl/dist/maplibre-gl.css';

export const WORKER_PATH = '/map/lib/maplibre-gl-worker.mjs';
/** Chinese labels are drawn from a system CJK font (the served glyph PBFs have no CJK ranges). */
export const CJK_FONTS = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
