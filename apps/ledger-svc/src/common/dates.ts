/** The UTC day (YYYY-MM-DD) of an instant. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Midnight UTC starting a YYYY-MM-DD day. */
export const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

/** YYYY-MM-DD shifted by whole days. */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(dayStart(day).getTime() + days * 86_400_000));
}

export function isValidDay(day: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(day) &&
    !Number.isNaN(dayStart(day).getTime()) &&
    utcDay(dayStart(day)) === day
  );
}
