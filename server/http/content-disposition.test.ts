import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it('names a Chinese file exactly in filename* and with an ASCII stand-in in filename', () => {
    const header = contentDisposition('attachment', '建筑垃圾处置申请表(2026).docx');
    expect(header).toMatch(/^attachment; filename="_{9}\(2026\)\.docx"; filename\*=UTF-8''%E5%BB%BA[^ ;"]*%282026%29\.docx$/);
    const star = /filename\*=UTF-8''(.+)$/.exec(header)![1];
    expect(decodeURIComponent(star)).toBe('建筑垃圾处置申请表(2026).docx');
  });

  it('keeps quotes and separators out of the plain filename', () => {
    expect(contentDisposition('inline', 'a"b;c.pdf')).toMatch(/^inline; filename="a_b_c.pdf"; filename\*=UTF-8''a%22b%3Bc.pdf$/);
  });
});
