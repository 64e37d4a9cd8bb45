/**
 * The wall's common reads served as bytes: for a plain GET of one procedure that every screen asks for, the tRPC
 * answer is rendered once per SHARED_READ_MS for each role and query (through the shared reads, single-flight),
 * and its body and compressed forms are sent to everyone who asks within the interval. Shared reads at the
 * procedure level spare the database; these spare the event loop the output check, serialisation and
 * compression of the same answer fifty times a second, which is what starved the wall's position frames when
 * fifty clients read the order list (bench/wall-load.ts). An answer other than 200 is never kept; keys begin with
 * the procedure's path, so `sharedReads.forget('orders.')` drops the order lists' bytes with their data.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { AnyTRPCRouter } from '@trpc/server';
import type { SessionUser } from '@/server/auth/auth.service';
import { acceptedEncoding, compress, type Encoding } from '@/server/http/compress';
import type { SharedReads } from '@/server/shared-reads';

/** Procedures whose answer depends only on the caller's role and the query (no per-user data). */
const SHARED_PROCEDURES: ReadonlySet<string> = new Set([
  'map.kpis',
  'map.layer',
  'map.district',
  'map.subDistricts',
  'events.recent',
  'summary.leader',
  'orders.list',
]);

interface RenderedAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  encoded: Map<Encoding, Promise<Buffer>>;
}

class UnsharedAnswer extends Error {
  constructor(readonly answer: RenderedAnswer) {
    super('answer not shared');
  }
}

/** The procedure a GET asks for when it is one shared procedure (never a batch), else null. */
export function sharedProcedureOf(method: string | undefined, url: URL, basePath: string): string | null {
  if (method !== 'GET' || url.searchParams.has('batch') || !url.pathname.startsWith(basePath)) return null;
  const path = url.pathname.slice(basePath.length);
  return SHARED_PROCEDURES.has(path) ? path : null;
}

export interface SharedResponsesOptions {
  router: AnyTRPCRouter;
  /** The endpoint's path, e.g. /api/trpc (no trailing slash). */
  endpoint: string;
  /** Looked up on each call (a benchmark swaps the design in place). */
  sharedReads: () => SharedReads;
  /** The tRPC context for a signed-in caller of a shared GET (it sets no cookie). */
  context: (req: IncomingMessage, user: SessionUser) => object;
}

/** Answers `req` for `user` from the shared bytes, rendering them first if no one has within the interval. */
export async function sendSharedAnswer(
  options: SharedResponsesOptions,
  procedure: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  user: SessionUser,
): Promise<void> {
  const key = `${procedure}|http|${user.role}|${url.search}`;
  let answer: RenderedAnswer;
  try {
    answer = await options.sharedReads().read(key, async () => {
      const rendered = await render(options, req, url, user);
      if (rendered.status !== 200) throw new UnsharedAnswer(rendered);
      return rendered;
    });
  } catch (error) {
    if (!(error instanceof UnsharedAnswer)) throw error;
    answer = error.answer;
  }
  const encoding = answer.body.length >= 1024 ? acceptedEncoding(req.headers['accept-encoding']) : null;
  let body = answer.body;
  if (encoding) {
    let encoded = answer.encoded.get(encoding);
    if (!encoded) answer.encoded.set(encoding, (encoded = compress(answer.body, encoding)));
    body = await encoded;
    res.setHeader('content-encoding', encoding);
  }
  res.setHeader('vary', 'Accept-Encoding');
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': body.length });
  res.end(body);
}

async function render(options: SharedResponsesOptions, req: IncomingMessage, url: URL, user: SessionUser): Promise<RenderedAnswer> {
  const response = await fetchRequestHandler({
    router: options.router,
    endpoint: options.endpoint,
    req: new Request(url, { method: 'GET' }),
    createContext: () => options.context(req, user),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? 'application/json',
    body: Buffer.from(await response.arrayBuffer()),
    encoded: new Map(),
  };
}
