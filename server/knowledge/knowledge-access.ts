/**
 * Who may read what of the knowledge base — the one rule for an entry's text, search and its attachments, for
 * people and terminals alike: entries marked sensitive only for holders of knowledge:sensitive (a role's permission,
 * or a terminal key's scope of the same name); unpublished versions only for the editors and reviewers at work on
 * them, never for readers or terminals.
 */
import { can, type Role } from '@/domain/auth/roles';
import { KNOWLEDGE_SENSITIVE_SCOPE } from '@/server/clients/client-scopes';

export interface KnowledgeReader {
  canSeeSensitive: boolean;
  canSeeUnpublished: boolean;
}

export function readerOfRole(role: Role): KnowledgeReader {
  return {
    canSeeSensitive: can(role, 'knowledge:sensitive'),
    canSeeUnpublished: can(role, 'knowledge:edit') || can(role, 'knowledge:review'),
  };
}

export function readerOfTerminal(scopes: readonly string[]): KnowledgeReader {
  return { canSeeSensitive: scopes.includes(KNOWLEDGE_SENSITIVE_SCOPE), canSeeUnpublished: false };
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
