// Console output of the start command: "[step] message" lines, with colour only on a terminal
// (or FORCE_COLOR) so CI logs stay clean.

const colourEnabled =
  !('NO_COLOR' in process.env) &&
  (process.env.FORCE_COLOR !== undefined
    ? process.env.FORCE_COLOR !== '0'
    : process.stdout.isTTY === true);

export type Colour = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'grey' | 'bold';

const CODES: Record<Colour, number> = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  grey: 90,
  bold: 1,
};

export function paint(colour: Colour, text: string): string {
  return colourEnabled ? `\x1b[${CODES[colour]}m${text}\x1b[0m` : text;
}

/** Bright variants cycle so neighbouring apps are easy to tell apart. */
const APP_COLOUR_CODES = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94] as const;

export function paintIndexed(index: number, text: string): string {
  const code = APP_COLOUR_CODES[index % APP_COLOUR_CODES.length];
  return colourEnabled ? `\x1b[${code}m${text}\x1b[0m` : text;
}

export function log(step: string, message: string): void {
  process.stdout.write(`${paint('bold', `[${step}]`)} ${message}\n`);
}

export function warn(step: string, message: string): void {
  process.stdout.write(`${paint('yellow', `[${step}]`)} ${message}\n`);
}

export function fail(step: string, message: string): void {
  process.stderr.write(`${paint('red', `[${step}]`)} ${message}\n`);
}
