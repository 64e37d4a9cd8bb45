import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { FreshQueryClient } from './fresh-query-client';

/**
 * A list shown just before a write: its first request is read by the server before the write and answered after it
 * (a slow server). The invalidation after the write must still end with the written row shown.
 */
async function listAfterWrite(client: QueryClient): Promise<string[] | undefined> {
  const server = { rows: [] as string[] };
  const observer = new QueryObserver(client, {
    queryKey: ['files'],
    queryFn: async () => {
      const read = [...server.rows];
      await new Promise((resolve) => setTimeout(resolve, 50));
      return read;
    },
  });
  const unsubscribe = observer.subscribe(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 5)); // the first request is in flight, read before the write
  server.rows.push('表单.docx');
  await client.invalidateQueries({ queryKey: ['files'] });
  const shown = observer.getCurrentResult().data;
  unsubscribe();
  client.clear();
  return shown;
}

describe('FreshQueryClient', () => {
  it('shows the written row after an invalidation that met the first request in flight', async () => {
    expect(await listAfterWrite(new FreshQueryClient())).toEqual(['表单.docx']);
  });

  it('is needed: the library alone keeps the answer read before the write', async () => {
    expect(await listAfterWrite(new QueryClient())).toEqual([]);
  });

  it('lets a prefetch nobody shows yet finish (the field app keeps it for offline use)', async () => {
    const client = new FreshQueryClient();
    const prefetched = client.prefetchQuery({
      queryKey: ['task', 1],
      queryFn: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return '任务 1';
      },
    });
    await client.invalidateQueries({ queryKey: ['task'] });
    await prefetched;
    expect(client.getQueryData(['task', 1])).toBe('任务 1');
  });

  it('leaves a query alone when asked not to refetch', async () => {
    const client = new FreshQueryClient();
    let calls = 0;
    const observer = new QueryObserver(client, { queryKey: ['x'], queryFn: async () => ++calls });
    const unsubscribe = observer.subscribe(() => undefined);
    await client.invalidateQueries({ queryKey: ['x'], refetchType: 'none' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(observer.getCurrentResult().data).toBe(1);
    unsubscribe();
  });
});
