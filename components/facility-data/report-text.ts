/** The cleansing report's problems, fixes and duplicates as sentences in the user's language (never a raw code). */
type T = (key: string, params?: Record<string, string | number>) => string;

export interface ReportProblem {
  code: string;
  field: string;
  value: string;
  likelyCrs?: string;
  place?: string;
}

const crsName = (t: T, crs: string) => t(`dataImport.crs.${crs}`);

/** A catalogue name, or the value as written when it is not a code (a source's own word, such as 公共厕所). */
function nameOr(t: T, key: string, value: string) {
  const name = t(key);
  return name === key ? value : name;
}

/** A code value shown in a sentence: kinds, statuses and sub-districts by their names. */
function valueName(t: T, field: string, value: string, subDistrictName: (code: string) => string) {
  if (field === 'kind') return nameOr(t, `kind.${value}`, value);
  if (field === 'status') return nameOr(t, `status.${value}`, value);
  if (field === 'subDistrict') return subDistrictName(value);
  if (field === 'geometry' && ['wgs84', 'gcj02', 'bd09'].includes(value)) return crsName(t, value);
  return value;
}

export function problemText(t: T, p: ReportProblem): string {
  if (p.code === 'outsideDistrict' && p.likelyCrs)
    return t('dataImport.problem.outsideLikely', { value: p.value, crs: crsName(t, p.likelyCrs) });
  if (p.code === 'inWater') return t('dataImport.problem.inWater', { value: p.value, place: p.place || t('dataImport.unnamedWater') });
  if (p.code === 'otherDistrict') return t('dataImport.problem.otherDistrict', { value: p.value, place: p.place ?? '' });
  return t(`dataImport.problem.${p.code}`, { value: p.value });
}

export function fixText(
  t: T,
  f: { code: string; field: string; from: string; to: string },
  subDistrictName: (code: string) => string,
): string {
  return t(`dataImport.fix.${f.code}`, {
    from:
      f.from && f.code !== 'subDistrictCorrected' && f.code !== 'subDistrictUnified'
        ? valueName(t, f.field, f.from, subDistrictName)
        : f.from,
    to: valueName(t, f.field, f.to, subDistrictName),
  });
}

export function duplicateText(
  t: T,
  d: { reason: string; existingId: number | null; row: number | null; name: string; distanceM: number | null; similarity: number | null },
): string {
  if (d.reason === 'sameSourceId') return t('dataImport.dupSameId', { row: d.row ?? '' });
  const params = { row: d.row ?? '', name: d.name, meters: Math.round(d.distanceM ?? 0), similarity: (d.similarity ?? 0).toFixed(2) };
  return d.row !== null ? t('dataImport.dupOfRow', params) : t('dataImport.dupOfExisting', params);
}
