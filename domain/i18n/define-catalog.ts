/**
 * A feature's messages in both languages. The English side must carry exactly the Chinese side's keys, so a
 * missing translation is a type error, not a blank on the wall screen.
 */
export type Messages = Record<string, string>;

export interface Catalog<K extends string> {
  zh: Record<K, string>;
  en: Record<K, string>;
}

export function defineCatalog<Z extends Messages>(zh: Z, en: { [P in keyof Z]: string }): Catalog<Extract<keyof Z, string>> {
  return { zh, en } as Catalog<Extract<keyof Z, string>>;
}
