/**
 * An A4 PDF of Chinese text — a title, lines, and an optional footer row — with the font that ships with the
 * product (server/fees/fonts; only the glyphs used are embedded). Contracts and the simulated 数电票 invoices use it
 * (one page); the settlement statements too, whose table rows (a line given as cells, placed at `columns`) run on
 * over as many pages as they need.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';

const FONT_FILE = join(process.cwd(), 'server/fees/fonts/NotoSansSC-GB2312-subset.otf');
let fontBytes: Promise<Buffer> | undefined;

export async function textPdf(doc: {
  title: string;
  heading: string;
  lines: Array<string | string[]>;
  /** x positions (points) of the cells of a line given as cells. */
  columns?: number[];
  /** Text size of the lines (default 12). */
  size?: number;
  /** Left and right texts under the lines (signatures, seals). */
  footer?: [string, string];
  /** The heading's colour: red for a red-letter invoice. */
  headingColor?: [number, number, number];
}): Promise<Uint8Array> {
  fontBytes ??= readFile(FONT_FILE);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(doc.title);
  const font = await pdf.embedFont(await fontBytes, { subset: true });
  let page = pdf.addPage([595, 842]); // A4 in points
  const headingSize = 22;
  const headingWidth = font.widthOfTextAtSize(doc.heading, headingSize);
  page.drawText(doc.heading, {
    x: (595 - headingWidth) / 2,
    y: 770,
    size: headingSize,
    font,
    color: rgb(...(doc.headingColor ?? [0, 0, 0])),
  });
  const size = doc.size ?? 12;
  const step = Math.round(size * 2.1);
  let y = 720;
  for (const line of doc.lines) {
    if (y < 70) {
      page = pdf.addPage([595, 842]);
      y = 790;
    }
    if (typeof line === 'string') page.drawText(line, { x: 60, y, size, font });
    else line.forEach((cell, i) => page.drawText(cell, { x: doc.columns?.[i] ?? 60 + i * 100, y, size, font }));
    y -= step;
  }
  if (doc.footer) {
    if (y < 110) {
      page = pdf.addPage([595, 842]);
      y = 790;
    }
    page.drawText(doc.footer[0], { x: 60, y: y - 40, size: 12, font });
    page.drawText(doc.footer[1], { x: 320, y: y - 40, size: 12, font });
  }
  return pdf.save();
}
