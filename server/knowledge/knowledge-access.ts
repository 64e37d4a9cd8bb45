/**
 * Who may read what of the knowledge base — the one rule for an entry's text, search and its attachments, for
 * people and terminals alike: entries marked sensitive only for holders of knowledge:sensitive (a role's permission,
 * or a terminal key's scope of the same name); unpublished versions only for the editors and reviewers at work on
 * them, never for readers or terminals; and of a district's reader only that district's entries and the city-wide
 * ones (./knowledge-district.ts).
 */
import { can, type Role } from '@/domain/auth/roles';
import { CITY_SCOPE, type DistrictScope, scopeOf } from '@/domain/tenancy/district-scope';
import { KNOWLEDGE_SENSITIVE_SCOPE } from '@/server/clients/client-scopes';

export interface KnowledgeReader {
  canSeeSensitive: boolean;
  canSeeUnpublished: boolean;
  /** Whose entries: a district's own and the city-wide ones; absent: every entry (the system's own reads). */
  scope?: DistrictScope;
}

export function readerOfRole(role: Role): KnowledgeReader {
  return {
    canSeeSensitive: can(role, 'knowledge:sensitive'),
    canSeeUnpublished: can(role, 'knowledge:edit') || can(role, 'knowledge:review'),
  };
}

/** A signed-in person: their role's rights, within their district. */
export function readerOf(user: { role: Role; districtCode: string | null }): KnowledgeReader {
  return { ...readerOfRole(user.role), scope: scopeOf(user) };
}

/** A terminal reads its district's entries and the city-wide ones; one of no district (null), every entry. */
export function readerOfTerminal(scopes: readonly string[], districtCode: string | null = null): KnowledgeReader {
  return {
    canSeeSensitive: scopes.includes(KNOWLEDGE_SENSITIVE_SCOPE),
    canSeeUnpublished: false,
    scope: districtCode === null ? CITY_SCOPE : { kind: 'district', code: districtCode },
  };
}

/** Why this reader may not read a version, or null when they may. */
export function readRefusal(
  version: { sensitive: boolean; published: boolean },
  reader: Pick<KnowledgeReader, 'canSeeSensitive'> & Partial<KnowledgeReader>,
): 'unpublished' | 'sensitive' | null {
  if (!version.published && !reader.canSeeUnpublished) return 'unpublished';
  if (version.sensitive && !reader.canSeeSensitive) return 'sensitive';
  return null;
}
