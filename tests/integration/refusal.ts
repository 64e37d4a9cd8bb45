/** The AppError a promise is refused with; fails the test when it is not refused. */
import type { AppError } from '@/domain/errors';

export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}
