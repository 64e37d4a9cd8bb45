import { describe, expect, it } from 'vitest';
import { readerOfRole, readerOfTerminal, readRefusal } from './knowledge-access';

describe('the knowledge base reading rule', () => {
  const published = { sensitive: false, published: true };
  const sensitive = { sensitive: true, published: true };
  const draft = { sensitive: false, published: false };

  it('gives readers published entries, sensitive ones only with knowledge:sensitive', () => {
    expect(readRefusal(published, readerOfRole('dispatcher'))).toBeNull();
    expect(readRefusal(sensitive, readerOfRole('dispatcher'))).toBe('sensitive');
    expect(readRefusal(sensitive, readerOfRole('leader'))).toBeNull();
    expect(readRefusal(draft, readerOfRole('leader'))).toBe('unpublished');
  });

  it('gives editors and reviewers unpublished versions too', () => {
    expect(readRefusal(draft, readerOfRole('knowledge_editor'))).toBeNull();
    expect(readRefusal(draft, readerOfRole('knowledge_reviewer'))).toBeNull();
  });

  it('reads a terminal key by its scopes, never unpublished', () => {
    expect(readRefusal(sensitive, readerOfTerminal(['knowledge:read']))).toBe('sensitive');
    expect(readRefusal(sensitive, readerOfTerminal(['knowledge:read', 'knowledge:sensitive']))).toBeNull();
    expect(readRefusal(draft, readerOfTerminal(['knowledge:read', 'knowledge:sensitive']))).toBe('unpublished');
  });
});
