// The selection lives in the URL query string so a view can be shared: bnf, period, from, to, region, icb, sub_icb (the
// area: NHS region, Integrated Care Board, sub-ICB location), metric, per1000, practice.
// per1000=1 shows the metric per 1,000 registered patients (offered only when the warehouse has list sizes).

export const METRICS = ['nic', 'actual_cost', 'items', 'quantity'];
export const PERIODS = ['month', 'range', 'year'];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const CODE = /^[A-Za-z0-9]{1,15}$/;
const AREA = /^[A-Za-z0-9]{1,12}$/;

/** An area code from the query string, upper-cased, or '' when absent or malformed. */
function areaCode(q, name) {
  const value = q.get(name) || '';
  return AREA.test(value) ? value.toUpperCase() : '';
}

/** Reads a selection from a query string, dropping anything malformed. */
export function readState(search) {
  const q = new URLSearchParams(search);
  const bnf = (q.get('bnf') || '').split(',').map(s => s.trim().toUpperCase()).filter(s => CODE.test(s));
  const from = MONTH.test(q.get('from') || '') ? q.get('from') : null;
  const to = MONTH.test(q.get('to') || '') ? q.get('to') : from;
  const metric = METRICS.includes(q.get('metric')) ? q.get('metric') : 'nic';
  const per1000 = q.get('per1000') === '1' || q.get('per1000') === 'true';
  const region = areaCode(q, 'region');
  const icb = areaCode(q, 'icb');
  const subIcb = areaCode(q, 'sub_icb');
  const practice = /^([A-Za-z0-9]{1,8}|-)$/.test(q.get('practice') || '') ? q.get('practice').toUpperCase() : '';
  let period = PERIODS.includes(q.get('period')) ? q.get('period') : null;
  if (!period) period = from && to && from !== to ? 'range' : 'month';
  return { bnf: [...new Set(bnf)], period, from, to, region, icb, subIcb, metric, per1000, practice };
}

/** The query string for a selection (only what differs from the defaults). */
export function stateQuery(state) {
  const q = new URLSearchParams();
  if (state.bnf.length) q.set('bnf', state.bnf.join(','));
  if (state.period !== 'month') q.set('period', state.period);
  if (state.from) q.set('from', state.from);
  if (state.to && state.to !== state.from) q.set('to', state.to);
  if (state.region) q.set('region', state.region);
  if (state.icb) q.set('icb', state.icb);
  if (state.subIcb) q.set('sub_icb', state.subIcb);
  if (state.metric !== 'nic') q.set('metric', state.metric);
  if (state.per1000) q.set('per1000', '1');
  if (state.practice) q.set('practice', state.practice);
  return q.toString();
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
