// The map page: wires the selectors, the URL, the map and the charts together. Every change of selection updates the
// URL, then redraws the map, the top-N chart and the time series from the API. When an answer shows that new data was
// loaded while the page is open, the page reads its lists (months, list sizes, regions) again and redraws.
import { getJson, onNewData } from './api.js';
import { readState, writeState, apiParams, measureKey, parseMeasure, quantityAllowed, METRICS, financialYearOf, financialYearMonths } from './state.js';
import { formatPeriod, formatMonth, formatMonthList, monthsBetween, METRIC_LABELS } from './format.js';
import { PracticeMap } from './map.js';
import { TopChart, SeriesChart } from './charts.js';
import { Combobox } from './combobox.js';
import { BnfTree } from './bnf-tree.js';
import { PracticePanel } from './practice-panel.js';

const TOP_N = 30;
/** How often an open, visible page asks whether new data was loaded when nothing else asked the API meanwhile: a
 * revalidation of /api/months, answered 304 without a body while the data is unchanged. */
const NEW_DATA_CHECK_MS = 5 * 60 * 1000;
const $ = id => document.getElementById(id);

const ui = {
  mode: $('period-mode'), from: $('month-from'), to: $('month-to'), year: $('year'), fy: $('financial-year'),
  region: $('region'), icb: $('icb'), subIcb: $('sub-icb'), metric: $('metric'), chips: $('bnf-chips'), download: $('download-csv'), status: $('status'),
  topTitle: $('top-title'), seriesTitle: $('series-title'), topCsv: $('top-csv'), seriesCsv: $('series-csv'),
  notice: $('notice'), topNote: $('top-note'), topBox: $('top-box'),
};

const bnfNames = new Map();
/** Codes from a shared link that no medicine's code starts with, so an empty map can say why. */
const unknownCodes = new Set();
let months = [];
let hasListSizes = false;
/** Months with practice list sizes, from /api/config. */
let listSizeMonths = new Set();
let regions = [];
/** ICBs with their region and sub-ICB locations, from /api/icbs. */
let icbs = [];
/** Sentences for the notice about the link just opened or the last change: values the page could not use, and a measure
 * it fell back from. */
let notes = [];
let state;
let map;
let topChart;
let seriesChart;
let panel;
let inFlight = null;
/** Set when new data is noticed before the page has started; main then reads the lists again. */
let newDataBeforeStart = false;
/** The reading of the lists under way (new data noticed), so that notices queue rather than overlap. */
let reloading = Promise.resolve();

function option(value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

function setStatus(text, isError = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle('error', isError);
}

/** Fills in a period the URL left out, and keeps from ≤ to. */
function normalisePeriod(s) {
  const latest = months.at(-1) ?? null;
  if (!s.from) s.from = latest;
  if (!s.to || s.period === 'month') s.to = s.from;
  if (s.from && s.to && s.from > s.to) [s.from, s.to] = [s.to, s.from];
  if (s.period === 'year' && s.from) {
    const y = s.from.slice(0, 4);
    const inYear = months.filter(m => m.startsWith(y));
    s.from = inYear[0] ?? `${y}-01`;
    s.to = inYear.at(-1) ?? `${y}-12`;
  }
  // A financial year is always April to March, loaded or not: the notice names its months not loaded.
  if (s.period === 'fy' && s.from) Object.assign(s, financialYearMonths(financialYearOf(s.from)));
  return s;
}

/** Quantity is in each presentation's own unit, so its options are offered only when every chosen code is a presentation. */
const QUANTITY_WHY = 'Quantity adds up only within one presentation (tablets, ml and grams do not add up): choose BNF ' +
  'presentations (15-character codes) to see it.';

/** Selects `value` in a menu of loaded months or years, adding it marked "(not loaded)" when it is not one, so a period
 * reaching beyond the loaded months shows its ends rather than a blank menu. The menus list the newest first. */
function selectShown(select, value, text) {
  for (const o of select.querySelectorAll('option.not-loaded')) if (o.value !== value) o.remove();
  if (value && ![...select.options].some(o => o.value === value)) {
    const extra = option(value, `${text} (not loaded)`);
    extra.className = 'not-loaded';
    select.insertBefore(extra, [...select.options].find(o => o.value < value) ?? null);
  }
  select.value = value;
}

function syncControls() {
  ui.mode.value = state.period;
  selectShown(ui.from, state.from ?? '', state.from ? formatMonth(state.from) : '');
  selectShown(ui.to, state.to ?? '', state.to ? formatMonth(state.to) : '');
  const year = state.from?.slice(0, 4) ?? '';
  selectShown(ui.year, year, year);
  const fy = state.from ? financialYearOf(state.from) : '';
  selectShown(ui.fy, fy, fy);
  syncAreaControls();
  const quantity = quantityAllowed(state.bnf);
  for (const o of ui.metric.options) {
    if (parseMeasure(o.value).metric !== 'quantity') continue;
    o.dataset.label ??= o.textContent;
    o.disabled = !quantity;
    o.title = quantity ? '' : QUANTITY_WHY;
    o.textContent = quantity ? o.dataset.label : `${o.dataset.label} (presentations only)`;
  }
  ui.metric.value = measureKey(state);
  document.querySelector('.period-month').hidden = state.period === 'year' || state.period === 'fy';
  document.querySelector('.period-to').hidden = state.period !== 'range';
  document.querySelector('.period-year').hidden = state.period !== 'year';
  document.querySelector('.period-fy').hidden = state.period !== 'fy';
  document.querySelector('label[for=month-from]').textContent = state.period === 'range' ? 'From' : 'Month';
  renderChips();
  // Downloads carry the server's file name, which says the selection, metric and rate. The map's CSV lists every practice
  // in the selection, with blank coordinates for those the map cannot draw.
  ui.download.href = `api/map?${apiParams(state, { metric: state.metric, per_1000: perParam(), unlocated: 'true', format: 'csv' })}`;
  ui.topCsv.href = `api/top?${apiParams(state, { metric: state.metric, per_1000: perParam(), n: TOP_N, format: 'csv' })}`;
  ui.seriesCsv.href = `api/timeseries?${apiParams(wholeHistory(), { format: 'csv' })}`;
}

/** The area selectors cascade: the ICB selector offers the chosen region's ICBs (every ICB for England), and the sub-ICB
 * selector the chosen ICB's sub-ICB locations (disabled until an ICB is chosen); "All" heads each. */
function syncAreaControls() {
  ui.region.value = state.region;
  const offered = state.region ? icbs.filter(i => i.region_code === state.region) : icbs;
  ui.icb.replaceChildren(option('', state.region ? 'All ICBs in the region' : 'All ICBs'), ...offered.map(i => option(i.code, i.name ?? i.code)));
  ui.icb.value = state.icb;
  const subIcbs = icbs.find(i => i.code === state.icb)?.sub_icbs ?? [];
  ui.subIcb.replaceChildren(option('', 'All sub-ICB locations'), ...subIcbs.map(s => option(s.code, s.name ?? s.code)));
  ui.subIcb.value = state.subIcb;
  ui.subIcb.disabled = !state.icb;
}

/** An area the selectors can show, from any URL: unknown codes are dropped, a sub-ICB location alone brings its ICB, an ICB
 * alone brings its region, and an ICB of another region (or a sub-ICB location of another ICB) is dropped. */
function consistentArea(s) {
  const region = regions.some(r => r.code === s.region) ? s.region : '';
  let icb = s.icb;
  if (s.subIcb && !icb) icb = icbs.find(i => i.sub_icbs.some(x => x.code === s.subIcb))?.code ?? '';
  const board = icbs.find(i => i.code === icb);
  if (!board || (region && board.region_code !== region)) return { ...s, region, icb: '', subIcb: '' };
  return { ...s, region: region || (board.region_code ?? ''), icb, subIcb: board.sub_icbs.some(x => x.code === s.subIcb) ? s.subIcb : '' };
}

/** Choosing a region keeps the ICB (and sub-ICB location) only when it is in that region. */
function pickRegion(region) {
  const keep = state.icb && icbs.find(i => i.code === state.icb)?.region_code === region;
  return update({ region, icb: keep ? state.icb : '', subIcb: keep ? state.subIcb : '' });
}

/** Choosing an ICB starts over at "All sub-ICB locations"; its region is chosen with it. */
function pickIcb(icb) {
  const board = icbs.find(i => i.code === icb);
  return update({ icb, subIcb: '', region: board?.region_code ?? state.region });
}

/** Choosing an area in the practice panel (level `icb` or `subIcb`): the page shows that ICB, or that sub-ICB location with
 * its ICB, and the region above it (see consistentArea); the practice stays open. */
function pickPracticeArea(level, code) {
  const area = consistentArea({ ...state, region: '', icb: level === 'icb' ? code : '', subIcb: level === 'subIcb' ? code : '' });
  return update({ region: area.region, icb: area.icb, subIcb: area.subIcb });
}

/** The name of the selected area: the sub-ICB location's, the ICB's, the region's, or England. */
function areaName() {
  const board = icbs.find(i => i.code === state.icb);
  const sub = board?.sub_icbs.find(x => x.code === state.subIcb);
  if (sub) return sub.name ?? sub.code;
  if (board) return board.name ?? board.code;
  return state.region ? regions.find(r => r.code === state.region)?.name ?? state.region : 'England';
}

/** The selection over every loaded month: what the monthly chart shows. */
function wholeHistory() {
  return { ...state, from: months[0], to: months.at(-1) };
}

function renderChips() {
  ui.chips.replaceChildren();
  if (!state.bnf.length) {
    const all = document.createElement('span');
    all.className = 'chip all';
    all.textContent = 'All prescribing';
    ui.chips.append(all);
    return;
  }
  for (const code of state.bnf) {
    const chip = document.createElement('span');
    chip.className = 'chip';
    chip.dataset.code = code;
    chip.textContent = `${code} ${bnfNames.get(code) ?? ''}`.trim();
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = '×';
    remove.setAttribute('aria-label', `Remove ${code}`);
    remove.addEventListener('click', () => update({ bnf: state.bnf.filter(c => c !== code) }));
    chip.append(remove);
    ui.chips.append(chip);
  }
}

function describe() {
  const what = state.bnf.length ? state.bnf.map(c => bnfNames.get(c) ?? c).join(', ') : 'all prescribing';
  const when = state.period === 'fy' ? `${financialYearOf(state.from)} (${formatPeriod(state.from, state.to)})` : formatPeriod(state.from, state.to);
  return `${what} · ${when} · ${areaName()}`;
}

/** The API's per_1000 flag for the selection (absent for totals). */
function perParam() {
  return state.per1000 ? 'true' : undefined;
}

/** Offers "… per 1,000 patients" in the metric selector only when the warehouse has list sizes. */
function addRateOptions() {
  for (const m of METRICS) ui.metric.append(option(`${m}_per_1000`, `${METRIC_LABELS[m]} per 1,000 patients`));
}

/** Applies a change to the selection, records it in the URL and redraws. */
function update(change, { push = true } = {}) {
  notes = [];
  state = withoutUnavailableQuantity(normalisePeriod({ ...state, ...change }), notes);
  if (push) writeState(state);
  return refresh();
}

async function refresh() {
  syncControls();
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const { signal } = controller;
  if (!state.from) {
    setStatus('No prescribing data is loaded yet.');
    await map.render([], measureKey(state));
    return;
  }
  setStatus(`Loading ${describe()}…`);
  const selection = apiParams(state, { metric: state.metric, per_1000: perParam(), unlocated: 'true' });
  const whole = apiParams(wholeHistory());
  try {
    const [entries, top, series] = await Promise.all([
      getJson('api/map', selection, signal),
      getJson('api/top', apiParams(state, { metric: state.metric, per_1000: perParam(), n: TOP_N }), signal),
      getJson('api/timeseries', whole, signal),
    ]);
    if (signal.aborted) return;
    const ranked = top.filter(e => e.rank !== null).length;
    ui.topTitle.textContent = ranked > 0
      ? `Top ${Math.min(TOP_N, ranked)} practices · ${METRIC_LABELS[measureKey(state)]}`
      : `Top practices · ${METRIC_LABELS[measureKey(state)]}`;
    ui.seriesTitle.textContent = `Monthly totals · ${METRIC_LABELS[state.metric]}`;
    showTopNote(entries, ranked); // first: the chart measures its labels in a visible box
    topChart.render(top, measureKey(state));
    seriesChart.render(series, state.metric, { from: state.from, to: state.to });
    showNotice();
    const located = entries.filter(e => e.latitude !== null && e.longitude !== null && !e.is_unidentified);
    const unidentified = entries.filter(e => e.is_unidentified).length;
    await map.render(located, measureKey(state), loadedInPeriod().length);
    if (signal.aborted) return;
    if (entries.length === 0) setStatus(whyEmpty());
    else setStatus(`${located.length.toLocaleString('en-GB')} practices on the map${unlocatedNote(entries.length - located.length - unidentified, unidentified)} · ${describe()}`);
    if (state.practice) await showPractice(state.practice, false);
    else { panel.hide(); map.highlight(''); }
  } catch (e) {
    if (e.name !== 'AbortError') setStatus(`Could not load the selection: ${e.message}`, true);
  }
}

/** The selection's months that are loaded. */
function loadedInPeriod() {
  return months.filter(m => m >= state.from && m <= state.to);
}

/** Warns when the selected period is not whole: months not loaded (every figure leaves them out), and, for rates, loaded
 * months without list sizes (each practice's rate comes from its other months). */
function showNotice() {
  const parts = [...notes];
  const period = monthsBetween(state.from, state.to);
  const loaded = loadedInPeriod();
  const missing = period.filter(m => !months.includes(m));
  if (missing.length && loaded.length) {
    parts.push(`${formatMonthList(missing)} ${missing.length === 1 ? 'is' : 'are'} not loaded: the figures for ` +
      `${formatPeriod(state.from, state.to)} cover the other ${loaded.length} of its ${period.length} months only.`);
  }
  const unsized = state.per1000 ? loaded.filter(m => !listSizeMonths.has(m)) : [];
  if (unsized.length && unsized.length < loaded.length) {
    parts.push(`No list sizes are loaded for ${formatMonthList(unsized)}: each practice's rate comes from the months it has a ` +
      'list size for, scaled to the period.');
  }
  ui.notice.textContent = parts.join(' ');
  ui.notice.hidden = parts.length === 0;
}

/** Says why the top-N chart has fewer bars than it might, or none: never an empty chart without a reason. */
function showTopNote(entries, ranked) {
  const practices = entries.filter(e => !e.is_unidentified);
  const unrated = state.per1000 ? practices.filter(e => e.value === null).length : 0;
  let note = '';
  if (practices.length === 0) note = entries.length === 0 ? whyEmpty() : 'No practice to rank: only unidentified prescribers prescribed in this selection.';
  else if (ranked === 0) note = 'No practice has a list size in this period, so none has a rate per 1,000 patients to rank.';
  else if (unrated > 0) note = `${unrated.toLocaleString('en-GB')} practice${unrated === 1 ? '' : 's'} without a list size in the period ${unrated === 1 ? 'is' : 'are'} not ranked.`;
  ui.topNote.textContent = note;
  ui.topNote.hidden = note === '';
  ui.topBox.hidden = ranked === 0;
}

/** Practices in the selection the map cannot draw (no location), and unidentified prescribers (not practices): counted, so
 * the map's total is not mistaken for the selection's. The CSV lists them all, so its totals match the monthly chart. */
function unlocatedNote(unlocated, unidentified) {
  const parts = [];
  if (unlocated > 0) parts.push(`${unlocated.toLocaleString('en-GB')} more without a location`);
  if (unidentified > 0) parts.push(`${unidentified.toLocaleString('en-GB')} unidentified prescriber${unidentified === 1 ? '' : 's'}`);
  if (parts.length === 0) return '';
  const one = unlocated + unidentified === 1;
  return ` (${parts.join(' and ')} ${one ? 'is' : 'are'} not drawn; the CSV lists ${one ? 'it' : 'them'})`;
}

/** Why a selection holds no practice: a period with no loaded month, codes no medicine has, or nothing prescribed. */
function whyEmpty() {
  const loaded = formatPeriod(months[0], months.at(-1));
  if (!months.some(m => m >= state.from && m <= state.to)) return `${formatPeriod(state.from, state.to)} is not loaded (loaded: ${loaded}).`;
  const unknown = state.bnf.filter(c => unknownCodes.has(c));
  if (unknown.length === state.bnf.length && unknown.length > 0) return `No medicine has a BNF code starting ${unknown.join(' or ')}.`;
  return `Nothing was prescribed for ${describe()}.`;
}

async function showPractice(code, focus) {
  try {
    const practice = await getJson(`api/practices/${encodeURIComponent(code)}`, apiParams({ ...state, region: '', icb: '', subIcb: '' }, { metric: state.metric }));
    panel.show(practice, state.metric, focus);
    // The practice's own monthly series (what its chart shows: every loaded month), as a CSV file.
    $('practice-csv').href = `api/timeseries?${apiParams({ ...wholeHistory(), region: '', icb: '', subIcb: '' }, { practice: code, format: 'csv' })}`;
    map.highlight(code);
  } catch (e) {
    setStatus(`Could not load practice ${code}: ${e.message}`, true);
  }
}

function pickPractice(code, focus = true) {
  state = { ...state, practice: code };
  writeState(state);
  return showPractice(code, focus);
}

function closePractice() {
  state = { ...state, practice: '' };
  writeState(state);
  panel.hide();
  map.highlight('');
  $('map').focus();
}

/** Adds a medicine group to the selection. A group inside one already chosen replaces it (drilling down: choosing
 * section 0403 under chapter 04 shows 0403 alone), and a group holding chosen ones replaces them: either way the choice
 * changes what is shown. */
function addBnf(node) {
  if (node.name) bnfNames.set(node.code, node.name);
  if (state.bnf.includes(node.code)) return;
  const kept = state.bnf.filter(c => !node.code.startsWith(c) && !c.startsWith(node.code));
  update({ bnf: [...kept, node.code] });
}

async function nameCodesFromUrl() {
  await Promise.all(state.bnf.filter(c => !bnfNames.has(c)).map(async code => {
    const found = await getJson('api/bnf', new URLSearchParams({ q: code, limit: '20' })).catch(() => []);
    const exact = found.find(n => n.code === code);
    if (exact?.name) bnfNames.set(code, exact.name);
    if (!found.some(n => n.code.startsWith(code))) unknownCodes.add(code);
  }));
}

function wireControls() {
  ui.mode.addEventListener('change', () => update({ period: ui.mode.value }));
  ui.from.addEventListener('change', () => update({ from: ui.from.value }));
  ui.to.addEventListener('change', () => update({ to: ui.to.value }));
  ui.year.addEventListener('change', () => update({ from: `${ui.year.value}-01` }));
  ui.fy.addEventListener('change', () => update(financialYearMonths(ui.fy.value)));
  ui.region.addEventListener('change', () => pickRegion(ui.region.value));
  ui.icb.addEventListener('change', () => pickIcb(ui.icb.value));
  ui.subIcb.addEventListener('change', () => update({ subIcb: ui.subIcb.value }));
  ui.metric.addEventListener('change', () => update(parseMeasure(ui.metric.value)));
  $('controls').addEventListener('submit', e => e.preventDefault());
  window.addEventListener('popstate', () => { readUrl(); refresh(); });

  new Combobox($('bnf-search'), $('bnf-suggestions'),
    (text, signal) => getJson('api/bnf', new URLSearchParams({ q: text, limit: '25' }), signal),
    (node, li) => {
      li.dataset.code = node.code;
      li.innerHTML = '<span class="code"></span><span class="name"></span><span class="level"></span>';
      li.querySelector('.code').textContent = node.code;
      li.querySelector('.name').textContent = node.name ?? '';
      li.querySelector('.level').textContent = node.level;
    },
    addBnf,
    text => `No BNF code or name matches “${text}”.`);

  new Combobox($('practice-search'), $('practice-suggestions'),
    (text, signal) => getJson('api/practices', new URLSearchParams({ q: text, limit: '25' }), signal),
    (p, li) => {
      li.innerHTML = '<span class="code"></span><span class="name"></span><span class="level"></span>';
      li.querySelector('.code').textContent = p.practice_code;
      li.querySelector('.name').textContent = p.name ?? '';
      li.querySelector('.level').textContent = p.geocoded ? p.postcode ?? '' : 'no location';
    },
    p => {
      if (p.geocoded) map.flyTo(p.longitude, p.latitude);
      pickPractice(p.practice_code);
    },
    text => `No practice code, name or postcode matches “${text}”.`);

  const tree = new BnfTree($('bnf-tree'), code => getJson(code ? `api/bnf/${code}/children` : 'api/bnf/children'), addBnf);
  $('bnf-browse').addEventListener('toggle', e => { if (e.target.open) tree.open(); });
}

/** A shared link asking for rates falls back to totals when this warehouse has no list sizes. */
function withoutUnavailableRates(s) {
  return hasListSizes ? s : { ...s, per1000: false };
}

/** Quantity only for presentations (see QUANTITY_WHY): otherwise the default measure, and `said` says why. */
function withoutUnavailableQuantity(s, said) {
  if (s.metric !== 'quantity' || quantityAllowed(s.bnf)) return s;
  said.push(`${QUANTITY_WHY} Net ingredient cost is shown instead.`);
  return { ...s, metric: 'nic' };
}

/** Reads the selection from the address bar; `notes` get what it held that the page cannot use. */
function readUrl() {
  notes = [];
  const read = readState(location.search, notes);
  if (read.per1000 && !hasListSizes) {
    notes.push('No list sizes are loaded, so the link\'s rates per 1,000 patients cannot be shown: totals are shown.');
  }
  state = withoutUnavailableQuantity(stillValid(read), notes);
  areaNotes(read, state, notes);
}

/** Says which of a link's area codes the selection could not keep (see consistentArea), and what is shown instead. */
function areaNotes(read, kept, said) {
  const isIcb = code => icbs.some(i => i.code === code);
  if (read.region && kept.region !== read.region) {
    const hint = isIcb(read.region) ? ` (it is an ICB: icb=${read.region})` : '';
    said.push(`The link's region=${read.region} is not a region this warehouse has${hint}, so ${kept.region ? 'it is left out' : 'England is shown'}.`);
  }
  if (read.icb && kept.icb !== read.icb) {
    const why = isIcb(read.icb) ? `is not in region ${read.region}` : 'is not an ICB this warehouse has';
    said.push(`The link's icb=${read.icb} ${why}, so all ICBs are shown.`);
  }
  if (read.subIcb && kept.subIcb !== read.subIcb) {
    const known = icbs.some(i => i.sub_icbs.some(x => x.code === read.subIcb));
    const why = kept.icb ? `is not a sub-ICB location of ICB ${kept.icb}`
      : known && kept.region ? `is not in region ${kept.region}` : 'is not a sub-ICB location this warehouse has';
    said.push(`The link's sub_icb=${read.subIcb} ${why}, so all sub-ICB locations are shown.`);
  }
}

/** Takes the lists /api/config, /api/regions and /api/icbs give into the page and its selectors (again when new data is
 * loaded). */
function applyReference(config, regionList, icbList) {
  months = config.months;
  hasListSizes = config.has_list_sizes === true;
  listSizeMonths = new Set(config.list_size_months ?? []);
  regions = regionList;
  icbs = icbList;
  const monthOptions = () => [...months].reverse().map(m => option(m, formatMonth(m)));
  ui.from.replaceChildren(...monthOptions());
  ui.to.replaceChildren(...monthOptions());
  ui.year.replaceChildren(...[...new Set(months.map(m => m.slice(0, 4)))].reverse().map(y => option(y, y)));
  ui.fy.replaceChildren(...[...new Set(months.map(financialYearOf))].reverse().map(fy => option(fy, fy)));
  ui.region.replaceChildren(option('', 'England'), ...regions.map(r => option(r.code, r.name ?? r.code)));
  for (const rate of [...ui.metric.options].filter(o => o.value.endsWith('_per_1000'))) rate.remove();
  if (hasListSizes) addRateOptions();
}

/** The selection, kept as far as it still holds: an area that no longer exists and rates without list sizes fall back
 * to the area above it (England at the top, see consistentArea) and totals; a year spans its loaded months. */
function stillValid(s) {
  return consistentArea(withoutUnavailableRates(normalisePeriod({ ...s })));
}

/** New data was loaded while the page is open: reads the lists again, keeps the selection where it still holds (in the
 * address bar too, without a history entry) and redraws, so that the new months can be picked and the warnings about
 * months not loaded are current. */
async function reloadReference() {
  const [config, regionList, icbList] = await Promise.all([getJson('api/config'), getJson('api/regions'), getJson('api/icbs')]);
  applyReference(config, regionList, icbList);
  state = stillValid(state);
  writeState(state, { replace: true });
  await refresh();
}

function newDataLoaded() {
  if (document.body.dataset.ready !== 'true') { newDataBeforeStart = true; return; }
  reloading = reloading.then(reloadReference)
    .catch(e => setStatus(`Could not read the newly loaded data: ${e.message}`, true));
}

/** Asks (cheaply: a revalidated /api/months) whether new data was loaded; any answer showing a newer data version tells. */
function checkForNewData() {
  if (document.visibilityState === 'visible') getJson('api/months').catch(() => { /* the next answer tells */ });
}

async function main() {
  onNewData(newDataLoaded);
  const [config, regionList, icbList] = await Promise.all([getJson('api/config'), getJson('api/regions'), getJson('api/icbs')]);
  applyReference(config, regionList, icbList);

  map = new PracticeMap($('map'), $('legend'), config.map_style_url, code => pickPractice(code, false));
  topChart = new TopChart($('top-chart'), code => pickPractice(code));
  seriesChart = new SeriesChart($('series-chart'));
  panel = new PracticePanel($('practice-panel'), closePractice, pickPracticeArea);
  wireControls();

  readUrl();
  await nameCodesFromUrl();
  const unknown = state.bnf.filter(c => unknownCodes.has(c));
  if (unknown.length && unknown.length < state.bnf.length) {
    notes.push(`No medicine has a BNF code starting ${unknown.join(' or ')}, so ${unknown.length === 1 ? 'it adds' : 'they add'} nothing to the selection.`);
  }
  await refresh();
  document.body.dataset.ready = 'true';
  if (newDataBeforeStart) newDataLoaded();
  // Answers to the page's own requests tell of new data; when it is left open and untouched, it asks now and then, and
  // when it is shown again.
  document.addEventListener('visibilitychange', checkForNewData);
  setInterval(checkForNewData, NEW_DATA_CHECK_MS);
}

main().catch(e => setStatus(`RxAtlas could not start: ${e.message}`, true));
