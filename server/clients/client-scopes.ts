/**
 * What each kind of outside client may do, by scope: the one list the registry issues from and the interfaces
 * check against (server/clients/outside-clients.service.ts verify()).
 */
import type { OutsideClientKind } from '@/db/schema';

/** An Open311 client files service requests (reading them is public). */
export const OPEN311_WRITE_SCOPE = 'requests:write';
/** A knowledge terminal (kiosk, 12345 desk) searches and reads published entries… */
export const KNOWLEDGE_READ_SCOPE = 'knowledge:read';
/** …and, where the bureau allows it, the entries marked internal too. */
export const KNOWLEDGE_SENSITIVE_SCOPE = 'knowledge:sensitive';

/** A GIS user reads the facility layers through the OGC API – Features interface. */
export const FEATURES_READ_SCOPE = 'features:read';
/** A source system (a district survey ledger, a contractor's asset system) pushes facility changes (issue 15). */
export const FACILITIES_PUSH_SCOPE = 'facilities:push';

/** The scopes a newly issued key of each kind gets; `extended` adds what a kind may hold beyond the default. */
export function scopesFor(kind: OutsideClientKind, extended = false): string[] {
  switch (kind) {
    case 'open311':
      return [OPEN311_WRITE_SCOPE];
    case 'data-source':
      return [FACILITIES_PUSH_SCOPE];
    case 'terminal':
      return extended ? [KNOWLEDGE_READ_SCOPE, KNOWLEDGE_SENSITIVE_SCOPE] : [KNOWLEDGE_READ_SCOPE];
    case 'feature-api':
      return [FEATURES_READ_SCOPE];
    default:
      return [];
  }
}
