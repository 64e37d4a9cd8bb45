/** Display names for statuses and kinds: the catalogue's words where it has them, the raw value otherwise. */
type Translate = (key: string, params?: Record<string, string | number>) => string;

export function labelOr(t: Translate, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

export function statusLabel(t: Translate, status: string): string {
  return labelOr(t, `status.${status}`, status);
}

/** The road ledger writes cleaning grades in Chinese (一级…); shown in the user's language, other words as written. */
const CLEANING_GRADE_KEYS: Record<string, string> = { 一级: 'coverage.grade.1', 二级: 'coverage.grade.2', 三级: 'coverage.grade.3' };

export function cleaningGradeLabel(t: Translate, grade: string): string {
  if (!grade) return t('coverage.grade.none');
  const key = CLEANING_GRADE_KEYS[grade];
  return key ? t(key) : grade;
}
