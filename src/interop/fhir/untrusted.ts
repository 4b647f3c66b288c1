// A client's JSON is only shaped like FHIR until checked: these read a list or an object where the
// types say one must be, and treat anything else (a string, null, a number) as absent, so a
// malformed element becomes "missing" in the refusal instead of a crash.

/** The objects of a list; [] when it is not a list. */
export function objectsIn<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter((item) => typeof item === 'object' && item !== null && !Array.isArray(item)) as T[]) : [];
}

/** The value when it is an object (not a list), else undefined. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T names the FHIR shape the caller reads it as; its fields stay unchecked until read (see above)
export function objectOr<T>(value: unknown): T | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as T) : undefined;
}

/** The value when it is a string, else undefined. */
export function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
