/**
 * The password policy (等保三级 "口令复杂度"): at least 12 characters, at least three of the four kinds (lower,
 * upper, digit, other) or at least 16 characters, not containing the user name, and not a well-known password.
 * Returns the message key of the first rule broken, or null. The browser shows the same rules before sending.
 */
export const PASSWORD_MIN_LENGTH = 12;
const PASSPHRASE_LENGTH = 16;

// The most common leaked passwords of 12+ characters and their obvious Chinese variants (a short list: the length
// and variety rules already exclude the short ones).
const COMMON = new Set([
  'password1234',
  'password12345',
  'password123456',
  '123456789012',
  '1234567890123',
  'qwertyuiopas',
  'qwerty123456',
  '1q2w3e4r5t6y',
  'iloveyou1234',
  'admin1234567',
  'administrator',
  'abc123456789',
  'a1234567890b',
  'woaini1314520',
  'p@ssw0rd1234',
  'passw0rd1234',
  'welcome12345',
  'zxcvbnm12345',
  'qazwsxedcrfv',
  '1qaz2wsx3edc',
  'aa1234567890',
  'changeme1234',
  'letmein12345',
  'huawei123456',
  'onemap123456',
  'P@ssw0rd1234',
  'Password1234',
  'Admin@123456',
]);

export type PasswordProblem = 'password.tooShort' | 'password.tooSimple' | 'password.containsUsername' | 'password.common';

export function passwordProblem(password: string, username: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'password.tooShort';
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3 && password.length < PASSPHRASE_LENGTH) return 'password.tooSimple';
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return 'password.containsUsername';
  if (COMMON.has(password) || COMMON.has(password.toLowerCase())) return 'password.common';
  return null;
}
