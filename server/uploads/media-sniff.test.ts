import { describe, expect, it } from 'vitest';
import { sniffMediaType } from './media-sniff';

const bytes = (...values: Array<number | string>) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('sniffMediaType', () => {
  it('recognises photos by their signatures', () => {
    expect(sniffMediaType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0))).toBe('image/jpeg');
    expect(sniffMediaType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffMediaType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffMediaType(bytes(0, 0, 0, 24, 'ftypheic', 0))).toBe('image/heic');
  });

  it('tells Word from Excel packages by their main part, and refuses any other ZIP', () => {
    const zip = (...parts: string[]) => bytes(0x50, 0x4b, 0x03, 0x04, ...parts.flatMap((p) => [p, 0, 0]));
    expect(sniffMediaType(zip('[Content_Types].xml', 'word/document.xml'))).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(sniffMediaType(zip('[Content_Types].xml', 'xl/workbook.xml'))).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(sniffMediaType(zip('payload.exe'))).toBeNull();
  });

  it('refuses what is no known media, such as a script renamed to .jpg', () => {
    expect(sniffMediaType(bytes('#!/bin/sh\nrm -rf /'))).toBeNull();
    expect(sniffMediaType(bytes())).toBeNull();
  });
});
