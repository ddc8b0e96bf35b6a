/**
 * A count with its noun, as people write it: "1 method", "2 methods", never
 * "2 method(s)". A leaf module, so the policy engine and the CLI can read it
 * without the rest of the catalogue.
 */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
