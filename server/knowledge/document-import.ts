/**
 * 采集 from documents: a Word .docx (read by mammoth into HTML) or an HTML page saved from a government site (read
 * by node-html-parser) becomes the fields of one draft entry: the title from the first heading (else the page
 * title, else the file name), the text as the body, its first paragraph as the answer, and the reference (the page's
 * address where the saved page records it, else the file name). Scripts, styles and page furniture are dropped.
 */
import mammoth from 'mammoth';
import { parse } from 'node-html-parser';
import { AppError } from '@/domain/errors';

export const MAX_DOCUMENT_MEGABYTES = 10;
export const DOCUMENT_NAME = /\.(docx|html?)$/i;

export interface DocumentFields {
  sourceKind: 'docx' | 'html';
  sourceRef: string;
  title: string;
  answer: string;
  body: string;
}

function unreadable(fileName: string, why: string): AppError {
  return new AppError('BAD_REQUEST', 'knowledge.error.document', `Cannot read ${fileName}: ${why}`, { file: fileName });
}

/** The text encoding a saved page declares (GBK pages are still common on government sites); UTF-8 otherwise. */
function decodeHtml(bytes: Buffer): string {
  const head = bytes.subarray(0, 2048).toString('latin1');
  const declared = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  try {
    return new TextDecoder(declared && declared !== 'utf-8' ? declared : 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** Where a saved page came from: the browser's "saved from" note, the canonical link or og:url. */
function pageAddress(html: string): string | null {
  const saved = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html)?.[1];
  if (saved) return saved;
  const root = parse(html);
  return (
    root.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    root.querySelector('meta[property="og:url"]')?.getAttribute('content') ??
    null
  );
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

function fieldsOfHtml(html: string, fileName: string): Omit<DocumentFields, 'sourceKind' | 'sourceRef'> {
  const root = parse(html, { blockTextElements: { script: false, style: false, noscript: false } });
  for (const furniture of root.querySelectorAll('nav, header, footer, aside, form, iframe')) furniture.remove();
  const content = root.querySelector('article') ?? root.querySelector('main') ?? root.querySelector('body') ?? root;
  const heading = content.querySelector('h1, h2, h3');
  const paragraphs = content
    .querySelectorAll('p, li, td, h1, h2, h3, h4, h5, h6')
    .map((p) => clean(p.text))
    .filter((t) => t.length > 0);
  const title = clean(heading?.text ?? '') || clean(root.querySelector('title')?.text ?? '') || paragraphs[0] || fileName;
  const text = paragraphs.length > 0 ? paragraphs : clean(content.text) ? [clean(content.text)] : [];
  const rest = text.filter((p) => p !== title);
  return { title: title.slice(0, 200), answer: (rest[0] ?? '').slice(0, 4000), body: rest.join('\n').slice(0, 200_000) };
}

/** The draft fields of one document; an empty or unreadable file is refused with a clear message. */
export async function readDocument(fileName: string, bytes: Buffer): Promise<DocumentFields> {
  if (!DOCUMENT_NAME.test(fileName)) throw unreadable(fileName, 'only .docx or .html');
  let fields: Omit<DocumentFields, 'sourceKind' | 'sourceRef'>;
  let sourceKind: DocumentFields['sourceKind'];
  let sourceRef = fileName;
  if (/\.docx$/i.test(fileName)) {
    sourceKind = 'docx';
    let html: string;
    try {
      html = (await mammoth.convertToHtml({ buffer: bytes })).value;
    } catch (e) {
      throw unreadable(fileName, e instanceof Error ? e.message : 'not a Word document');
    }
    fields = fieldsOfHtml(`<body>${html}</body>`, fileName.replace(/\.docx$/i, ''));
  } else {
    sourceKind = 'html';
    const html = decodeHtml(bytes);
    sourceRef = pageAddress(html) ?? fileName;
    fields = fieldsOfHtml(html, fileName.replace(/\.html?$/i, ''));
  }
  if (!fields.answer && !fields.body) throw unreadable(fileName, 'no text');
  return { ...fields, sourceKind, sourceRef: sourceRef.slice(0, 500) };
}
