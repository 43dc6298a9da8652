/**
 * A proto enum and the lower-case names the HTTP API, events and database rows use for the same
 * values ('pending', 'superadmin', ...). The one table per enum lives next to the generated code
 * so services (rows → proto) and the gateway (proto → JSON) convert the same way.
 */
export interface EnumNames<E extends number, N extends string> {
  readonly names: readonly N[];
  /** The proto value of a name. */
  toProto(name: N): E;
  /** The name of a proto value; throws for UNSPECIFIED and unknown values (a broken peer). */
  toName(value: E): N;
  /** The name of a proto value, or `fallback` for UNSPECIFIED and unknown values. */
  toNameOr<F>(value: E, fallback: F): N | F;
  /** The proto value of an untyped string, undefined when it is not one of the names. */
  parse(text: string): E | undefined;
  isName(text: string): text is N;
}

/** The name type of an `EnumNames` table. */
export type NameOf<T> = T extends EnumNames<number, infer N> ? N : never;

/** The values of a generated (numeric) enum object, without its reverse mapping. */
type ValueOf<T> = T[keyof T] & number;

/** `enumNames(common.Role, { user: common.Role.ROLE_USER, ... })`: one name per value used. */
export function enumNames<T extends Record<string, string | number>, N extends string>(
  enumObject: T,
  table: Readonly<Record<N, ValueOf<T>>>,
): EnumNames<ValueOf<T>, N> {
  const names = Object.keys(table) as N[];
  const byValue = new Map<number, N>(names.map((n) => [table[n], n]));
  const isName = (text: string): text is N => Object.prototype.hasOwnProperty.call(table, text);
  return {
    names,
    toProto: (name) => table[name],
    toName: (value) => {
      const name = byValue.get(value);
      if (name === undefined)
        throw new Error(`no name for ${String(enumObject[value] ?? value)} (${names.join(', ')})`);
      return name;
    },
    toNameOr: (value, fallback) => byValue.get(value) ?? fallback,
    parse: (text) => (isName(text) ? table[text] : undefined),
    isName,
  };
}
