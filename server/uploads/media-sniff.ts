/**
 * What a file really is, from its first bytes, so an upload's declared type is checked against its content
 * (a renamed executable is not a photo). Covers the media types an order attachment or a knowledge entry's file
 * may have.
 */
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The usual file-name ending of each type recognised here (names a file, and the types a refusal lists). */
export const EXTENSION_OF: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
  [DOCX]: 'docx',
  [XLSX]: 'xlsx',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
};

/**
 * Word and Excel files are ZIP packages; what they hold is named by their main part, whose name is stored
 * uncompressed in the package's headers (ECMA-376 part 2), so finding it needs no unzipping.
 */
function officePackage(bytes: Uint8Array): string | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.indexOf('[Content_Types].xml', 0, 'latin1') < 0) return null;
  if (view.indexOf('word/document.xml', 0, 'latin1') >= 0) return DOCX;
  if (view.indexOf('xl/workbook.xml', 0, 'latin1') >= 0) return XLSX;
  return null;
}

export function sniffMediaType(bytes: Uint8Array): string | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  const ascii = (offset: number, text: string) => at(offset, ...[...text].map((c) => c.charCodeAt(0)));
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(0, '%PDF-')) return 'application/pdf';
  if (ascii(4, 'ftyp')) {
    const brand = String.fromCharCode(...bytes.slice(8, 12));
    if (['heic', 'heix', 'mif1', 'msf1', 'heis'].includes(brand)) return 'image/heic';
    if (brand === 'M4A ') return 'audio/mp4';
    return 'video/mp4';
  }
  if (at(0, 0x50, 0x4b, 0x03, 0x04)) return officePackage(bytes);
  if (ascii(0, 'ID3') || at(0, 0xff, 0xfb) || at(0, 0xff, 0xf3)) return 'audio/mpeg';
  return null;
}
