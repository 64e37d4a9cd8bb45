/**
 * The 46 real self-service government kiosks, placed by the gazetteer geocoder inside the sub-district each
 * row names, with the quality of that placement kept for everyone to see.
 */
import { subDistrictByName, type SeedContext } from '../context';
import { sequenceCode } from '../placement';
import { pointGeometry, type PlannedFacility } from './planned-facility';

export function planKiosks(context: SeedContext): PlannedFacility[] {
  return context.kiosks.map((kiosk) => {
    const sub = subDistrictByName(context, kiosk.street);
    const { lngLat, quality, matchedAddress } = context.geocode(kiosk.address, kiosk.street);
    return {
      kind: 'kiosk',
      code: sequenceCode('KIOSK', Number(kiosk.no), 2),
      name: kiosk.name,
      address: kiosk.address,
      subDistrictCode: sub.code,
      status: 'online',
      attrs: {
        no: Number(kiosk.no),
        mac: kiosk.mac,
        site: kiosk.name,
        street: kiosk.street,
        ...(matchedAddress ? { geocoded_from: matchedAddress } : {}),
      },
      synthetic: false,
      geocodeQuality: quality,
      geometry: pointGeometry(lngLat),
    };
  });
}
