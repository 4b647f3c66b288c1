// No money library: integer cents throughout and Intl.NumberFormat to show them; the strict dollars parser is the one rule a library would not have (refuse, never round).
// Money as people read and type it. The API speaks integer cents only; the pages show dollars
// ("$1,135.00") and read a dollars amount typed in a form ("135", "135.5", "135.50", "1,135.50")
// into whole cents, refusing anything else (a third decimal, a minus sign, letters) rather than
// rounding it: money typed is money recorded. (No imports: test/web reads this file under Node.)

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Whole cents as dollars: 13500 → "$135.00". Exact: the dollars and cents are split as integers. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '−' : '';
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100);
  return `${sign}${dollars.format(whole).replace(/\.00$/, '')}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A dollars amount as typed → whole cents, or null when it is not one: digits with optional
 * thousands commas, then at most two decimals; an optional leading "$"; no sign.
 */
export function parseDollars(typed: string): number | null {
  const text = typed.trim().replace(/^\$\s*/, '');
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{0,2}))?$/.exec(text);
  if (match === null || text === '' || text === '.' || (match[1] === undefined && (match[2] ?? '') === '')) {
    return null;
  }
  const whole = Number((match[1] ?? '0').replaceAll(',', ''));
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const total = whole * 100 + cents;
  return Number.isSafeInteger(total) ? total : null;
}

/** The form check of a dollars field: a valid amount, more than zero (unless `allowZero`), at most `maxCents`. */
export function dollarsAmount(options: { maxCents?: number; over?: string; allowZero?: boolean } = {}): (value: string) => string | undefined {
  return (value: string) => {
    if (value.trim() === '') {
      return undefined;
    }
    const cents = parseDollars(value);
    if (cents === null) {
      return 'An amount in dollars, like 135 or 135.50 (at most two decimals, no minus sign).';
    }
    if (cents === 0 && options.allowZero !== true) {
      return 'More than $0.00.';
    }
    if (options.maxCents !== undefined && cents > options.maxCents) {
      return options.over ?? `At most ${formatCents(options.maxCents)}.`;
    }
    return undefined;
  };
}
