// The selection lives in the URL query string so a view can be shared: bnf, period, from, to, region, icb, sub_icb (the
// area: NHS region, Integrated Care Board, sub-ICB location), metric, per_1000, practice.
// per_1000=true shows the metric per 1,000 registered patients (offered only when the warehouse has list sizes); the API's
// name, so a link's parameters read the same as the API's. Older links' per1000=1 is still read.
// A financial year (April to March) is written as the API takes it, from=2019/20, with no period or to.

export const METRICS = ['nic', 'actual_cost', 'items', 'quantity'];
export const PERIODS = ['month', 'range', 'year', 'fy'];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const FINANCIAL_YEAR = /^(\d{4})\/(\d{2})$/;

/** The NHS financial year (April to March) a YYYY-MM month falls in, written 2019/20. */
export function financialYearOf(month) {
  const [y, m] = month.split('-').map(Number);
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** A financial year's first and last months, `{ from: '2019-04', to: '2020-03' }`, or null when `text` is not one. */
export function financialYearMonths(text) {
  const match = FINANCIAL_YEAR.exec(text || '');
  if (!match) return null;
  const start = Number(match[1]);
  if (Number(match[2]) !== (start + 1) % 100 || start < 1900 || start > 2998) return null;
  return { from: `${start}-04`, to: `${start + 1}-03` };
}
const CODE = /^[A-Za-z0-9]{1,15}$/;
const AREA = /^[A-Za-z0-9]{1,12}$/;

/** An area code from the query string, upper-cased, or '' when absent or malformed (described in `rejected`). */
function areaCode(q, name, rejected) {
  const value = (q.get(name) ?? '').trim();
  if (AREA.test(value)) return value.toUpperCase();
  if (value) rejected.push(`${shown(name, value)} is not an area code (up to 12 letters and digits), so it is left out.`);
  return '';
}
const PRACTICE = /^([A-Za-z0-9]{1,8}|-)$/;
/** A BNF code this long is a presentation (one product, strength and form: one unit of quantity). */
export const PRESENTATION_LENGTH = 15;

/** True when quantity means something for the codes: every one a presentation. Quantity is in each presentation's own
 * unit (tablets, ml, grams…), so it adds up only within one presentation. */
export function quantityAllowed(bnf) {
  return bnf.length > 0 && bnf.every(code => code.length === PRESENTATION_LENGTH);
}

/** `name=value` from a link, cut short, for a notice. */
function shown(name, value) {
  const text = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return `The link's ${name}=${text}`;
}

/** Reads a selection from a query string, dropping anything malformed. Each value dropped is described in `rejected`
 * (a sentence for the page's notice). A practice code's spaces are removed ("E85 022" is E85022). */
export function readState(search, rejected = []) {
  const q = new URLSearchParams(search);
  const given = name => (q.get(name) ?? '').trim();
  const codes = given('bnf').split(',').map(s => s.trim().toUpperCase()).filter(s => s !== '');
  const bnf = codes.filter(s => CODE.test(s));
  for (const bad of codes.filter(s => !CODE.test(s))) {
    rejected.push(`${shown('bnf', bad)} is not a BNF code (1 to 15 letters and digits), so it is left out.`);
  }
  // Each end is a month or a financial year (its first month for from, its last for to), as the API reads them.
  const fromYear = financialYearMonths(given('from'));
  const toYear = financialYearMonths(given('to'));
  const from = MONTH.test(given('from')) ? given('from') : fromYear?.from ?? null;
  if (given('from') && !from) rejected.push(`${shown('from', given('from'))} is not a month (YYYY-MM) or a financial year (YYYY/YY), so the latest loaded month is shown.`);
  const givenTo = MONTH.test(given('to')) ? given('to') : toYear?.to ?? null;
  if (given('to') && !givenTo) rejected.push(`${shown('to', given('to'))} is not a month (YYYY-MM) or a financial year (YYYY/YY), so it is left out.`);
  const to = givenTo ?? (fromYear ? fromYear.to : from);
  // One financial year, given alone or as both ends, is that year; anything else with a year at one end is a range.
  const financialYear = fromYear && to === fromYear.to ? fromYear : toYear && !from ? toYear : null;
  const metric = METRICS.includes(given('metric')) ? given('metric') : 'nic';
  if (given('metric') && metric !== given('metric')) {
    rejected.push(`${shown('metric', given('metric'))} is not a measure (nic, actual_cost, items or quantity), so net ingredient cost is shown.`);
  }
  const flagName = q.has(PER_1000_PARAM) ? PER_1000_PARAM : 'per1000';
  const flag = given(flagName).toLowerCase();
  const per1000 = flag === 'true' || flag === '1';
  if (flag && !per1000 && flag !== 'false' && flag !== '0') {
    rejected.push(`${shown(flagName, given(flagName))} is not true or false, so totals are shown.`);
  }
  const region = areaCode(q, 'region', rejected);
  const icb = areaCode(q, 'icb', rejected);
  const subIcb = areaCode(q, 'sub_icb', rejected);
  const compacted = given('practice').replace(/\s+/g, '');
  const practice = PRACTICE.test(compacted) ? compacted.toUpperCase() : '';
  if (given('practice') && !practice) {
    rejected.push(`${shown('practice', given('practice'))} is not a practice code (up to 8 letters and digits), so no practice is shown.`);
  }
  let period = PERIODS.includes(given('period')) ? given('period') : null;
  if (given('period') && !period) rejected.push(`${shown('period', given('period'))} is not a period (month, range, year or fy), so it is left out.`);
  if (!period || ((fromYear || toYear) && !financialYear)) period = from && to && from !== to ? 'range' : 'month';
  if (financialYear) return { bnf: [...new Set(bnf)], period: 'fy', ...financialYear, region, icb, subIcb, metric, per1000, practice };
  return { bnf: [...new Set(bnf)], period, from, to, region, icb, subIcb, metric, per1000, practice };
}

/** The query string for a selection (only what differs from the defaults). */
export function stateQuery(state) {
  const q = new URLSearchParams();
  if (state.bnf.length) q.set('bnf', state.bnf.join(','));
  if (state.period === 'fy' && state.from) q.set('from', financialYearOf(state.from));
  else {
    if (state.period !== 'month') q.set('period', state.period);
    if (state.from) q.set('from', state.from);
    if (state.to && state.to !== state.from) q.set('to', state.to);
  }
  if (state.region) q.set('region', state.region);
  if (state.icb) q.set('icb', state.icb);
  if (state.subIcb) q.set('sub_icb', state.subIcb);
  if (state.metric !== 'nic') q.set('metric', state.metric);
  if (state.per1000) q.set(PER_1000_PARAM, 'true');
  if (state.practice) q.set('practice', state.practice);
  return q.toString().replaceAll('%2F', '/'); // from=2019/20 reads as written; '/' needs no escape in a query
}

/** The metric select's value for a selection: the metric, or `<metric>_per_1000`. */
export function measureKey(state) {
  return state.per1000 ? `${state.metric}${PER_1000}` : state.metric;
}

/** The inverse of measureKey: `{ metric, per1000 }` for a select value. */
export function parseMeasure(value) {
  const per1000 = value.endsWith(PER_1000);
  const metric = per1000 ? value.slice(0, -PER_1000.length) : value;
  return { metric: METRICS.includes(metric) ? metric : 'nic', per1000 };
}

export const PER_1000 = '_per_1000';

/** The URL's (and the API's) rate flag. */
export const PER_1000_PARAM = 'per_1000';

/** Parameters for the API's selection endpoints. */
export function apiParams(state, extra = {}) {
  const q = new URLSearchParams();
  if (state.bnf.length) q.set('bnf', state.bnf.join(','));
  if (state.from) q.set('from', state.from);
  if (state.to) q.set('to', state.to);
  if (state.region) q.set('region', state.region);
  if (state.icb) q.set('icb', state.icb);
  if (state.subIcb) q.set('sub_icb', state.subIcb);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  return q;
}

/** Replaces the address bar's query with the selection's, keeping one history entry per change (`replace`: no new entry,
 * for a change the user did not make). */
export function writeState(state, { replace = false } = {}) {
  const query = stateQuery(state);
  const url = `${location.pathname}${query ? '?' + query : ''}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
}
