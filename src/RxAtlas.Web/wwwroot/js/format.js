// Display formatting: money in pounds (values arrive already rounded to pence), counts and quantities.

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const wholePounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const poundsShort = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const quantity = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });
const compact = new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 });

export const METRIC_LABELS = {
  nic: 'Net ingredient cost',
  actual_cost: 'Actual cost',
  items: 'Items',
  quantity: 'Quantity',
};

for (const key of Object.keys(METRIC_LABELS)) METRIC_LABELS[`${key}_per_1000`] = `${METRIC_LABELS[key]} per 1,000 patients`;

const rate = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export const isMoney = metric => typeof metric === 'string' && (metric.startsWith('nic') || metric.startsWith('actual_cost'));

const isRate = metric => typeof metric === 'string' && metric.endsWith('_per_1000');

/** Formats a value for display; rates per 1,000 patients arrive with four decimals and are rounded here (pence, or 2 decimals). */
export function formatValue(metric, value) {
  if (value === null || value === undefined) return '–';
  if (isMoney(metric)) return pounds.format(value);
  if (isRate(metric)) return rate.format(value);
  return metric === 'items' ? count.format(value) : quantity.format(value);
}

/** A short form for legends and axis ticks. Money reads as money: £1.2k and £3.4m from a thousand pounds, whole pounds
 * from £10 (£377, never £376.5), pounds and pence below that (£1.60), whole pounds when there are no pence (£5). */
export function formatShort(metric, value) {
  if (!isMoney(metric)) return compact.format(value);
  const size = Math.abs(value);
  if (size >= 1000) return poundsShort.format(value);
  if (size >= 10 || Number.isInteger(value)) return wholePounds.format(value);
  return pounds.format(value);
}

export function formatMonth(month) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatPeriod(from, to) {
  if (!from) return '';
  return from === to ? formatMonth(from) : `${formatMonth(from)} – ${formatMonth(to)}`;
}

/** Every month from `from` to `to` inclusive, as YYYY-MM (empty when either is missing or from > to). */
export function monthsBetween(from, to) {
  const out = [];
  if (!from || !to) return out;
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** A list of months for a sentence: "Feb 2021", "Feb 2021 and Apr 2021", "Feb 2021, Mar 2021 and Apr 2021". */
export function formatMonthList(list) {
  const names = list.map(formatMonth);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
