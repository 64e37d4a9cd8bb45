/** Reads the seed-001 service catalogue shipped with the product (server/settlement/data, provenance in its README). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, parseCatalog } from '@/domain/settlement/catalog';

export const CATALOG_FILE = join(process.cwd(), 'server/settlement/data/service-catalog.json');

/** The overall price limit of the seed-001 project (最高限价 18,331 万元), in 分. */
export const SEED_001_PRICE_LIMIT_FEN = 18_331_0000_00n;

export function loadServiceCatalog(): Catalog {
  return parseCatalog(JSON.parse(readFileSync(CATALOG_FILE, 'utf8')));
}
