/**
 * An approved statement is kept as the figures shown when it was approved (so it never changes afterwards). JSON has
 * no bigint: amounts (keys ending in Fen or Hao, and quantities) are written as decimal text and read back exactly.
 */
const BIG_KEY = /(Fen|Hao)$|^(quantity|acceptedQuantity)$/;

export function figuresToJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

export function figuresFromJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    BIG_KEY.test(key) && typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : v,
  ) as T;
}
