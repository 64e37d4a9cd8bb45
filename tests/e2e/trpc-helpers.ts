/** tRPC calls over a page's own session, a phone viewport, a test photo and freeing the field unit: shared by the dispatch specs. */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, PHOTO_JPEG } from './fixtures';

export const PHONE = { width: 390, height: 844 };

/** A phone's browser in Shanghai: its screen, touch, and the language and time zone of the people using it. */
export const PHONE_CONTEXT = { viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const;

/** The phone's "photo" of the finished work. */
export const PHOTO = PHOTO_JPEG;

/** A tRPC query's output (superjson) over the page's own session. */
export async function trpcQuery<T>(request: APIRequestContext, path: string, input?: unknown): Promise<T> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const response = await request.get(`/api/trpc/${path}${query}`);
  expect(response.ok(), `${path}: HTTP ${response.status()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

export async function trpcMutation<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), `${path}: HTTP ${response.status()} ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/**
 * The field unit starts free: tasks it holds from earlier (the simulator's automatic dispatch, an earlier run) are
 * returned, so the ranking's load penalty does not put another handler ahead of it.
 */
export async function freeFieldUnit(phone: Page) {
  const tasks = await trpcQuery<Array<{ id: number; status: string; version: number }>>(phone.request, 'orders.mine');
  for (const task of tasks.filter((t) => ['dispatched', 'accepted', 'in_progress'].includes(t.status))) {
    await trpcMutation(phone.request, 'orders.transition', {
      orderId: task.id,
      action: 'return',
      expectedVersion: task.version,
      note: 'e2e：先清空手头任务',
    });
  }
}

/** On the phone, in an accepted task: start, see that "work done" needs a photo, take one, report the work done. */
export async function startAndCompleteWithPhoto(phone: Page) {
  await phone.getByTestId('field-start').click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'in_progress');
  await expect(phone.getByTestId('field-complete')).toBeDisabled();
  await phone.getByTestId('field-photo-input').setInputFiles({ name: 'after.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
  await expect(phone.getByTestId('field-photos')).toHaveAttribute('data-count', '1');
  await phone.getByTestId('field-complete').click();
  await expect(phone.getByTestId('field-detail-status')).toHaveAttribute('data-status', 'awaiting_check');
}
