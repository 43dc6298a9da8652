// Field-by-field readers that some older Mini App screens still use on their answers: each
// reads one field defensively, so a missing or mistyped field shows as empty instead of
// breaking the screen. New code reads answers through the generated types instead (a field
// the contract does not have is then a compile error, not an empty cell).

export type Json = unknown;

/** The value at `path` inside `value` (objects and arrays), or undefined. */
export function at(value: Json, ...path: Array<string | number>): Json {
  let current: Json = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, Json>)[key];
  }
  return current;
}

export function num(value: Json, ...path: Array<string | number>): number | undefined {
  const v = at(value, ...path);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function str(value: Json, ...path: Array<string | number>): string | undefined {
  const v = at(value, ...path);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function bool(value: Json, ...path: Array<string | number>): boolean | undefined {
  const v = at(value, ...path);
  return typeof v === 'boolean' ? v : undefined;
}

export function list(value: Json, ...path: Array<string | number>): Json[] {
  const v = at(value, ...path);
  return Array.isArray(v) ? (v as Json[]) : [];
}
