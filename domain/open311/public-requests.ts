/**
 * What an anonymous Open311 client may read — defined here once, for GET /requests and GET /requests/{id}:
 *  - every work order from a public-facing source is listed (not only those filed through Open311), with the
 *    fields GeoReport v2 defines;
 *  - where the description is a citizen's own words given in confidence (a call to 12345, a case from the district
 *    city-operations platform), the request is listed with its service name only, never the words;
 *  - never a person's name, phone number or e-mail, never a staff note (only how the matter ended: the close or void
 *    note), never an internal identifier.
 * Pure: the repository and the service read these lists.
 */
import type { OrderAction } from '@/domain/orders/lifecycle';
import type { OrderSource } from '@/domain/orders/order-values';

export const PUBLIC_SOURCES: readonly OrderSource[] = ['open311', 'hotline_12345', 'city_ops', 'patrol', 'sensor'];

/** Sources whose description is not published (the reporter did not write it for the public). */
export const CONFIDENTIAL_DESCRIPTION_SOURCES: readonly OrderSource[] = ['hotline_12345', 'city_ops'];

/** The notes a reporter may read: how the matter ended. Every other note is the staff's own conversation. */
export const PUBLIC_NOTE_ACTIONS: readonly OrderAction[] = ['close', 'void'];

export function publicDescription(source: OrderSource, description: string): string | null {
  return CONFIDENTIAL_DESCRIPTION_SOURCES.includes(source) ? null : description;
}
