/**
 * LIKE/ILIKE patterns from user text: `\`, `%` and `_` are escaped (backslash is PostgreSQL's default LIKE escape),
 * so a search for "50%" or "A_1" matches those characters literally instead of acting as wildcards.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const containsPattern = (text: string): string => `%${escapeLike(text)}%`;
export const prefixPattern = (text: string): string => `${escapeLike(text)}%`;
