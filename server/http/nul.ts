/**
 * A NUL character in any text is refused at the boundary: PostgreSQL cannot store it in text columns, so without
 * this check it would surface as a 500 deep inside a write.
 */
import { AppError } from '@/domain/errors';

export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  return Object.entries(value as Record<string, unknown>).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

export function nulRefusal(): AppError {
  return new AppError('BAD_REQUEST', 'error.badInput', 'Text contains a NUL character', {
    detail: '文本中不能含有空字符（NUL）/ text must not contain NUL characters',
  });
}
