/** The facility-data services (issue 15, 数据采集/数据处理), built once by server/app.ts. */
import type { Kysely } from 'kysely';
import type { Database } from '@/db/schema';
import type { Clock } from '@/server/clock';
import { FacilityImportService } from './facility-import.service';
import { FacilityRecordsService } from './facility-records.service';

export interface FacilityData {
  imports: FacilityImportService;
  records: FacilityRecordsService;
}

export function createFacilityData(deps: { db: Kysely<Database>; clock: Clock; onChange?: () => void }): FacilityData {
  return { imports: new FacilityImportService(deps), records: new FacilityRecordsService(deps) };
}
