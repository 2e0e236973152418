// The top-N bar chart and the monthly series (Chart.js, loaded as the global Chart), each with a visually hidden table
// that carries the same numbers for screen readers (and for tests).
import { formatValue, formatShort, formatMonth, monthsBetween, METRIC_LABELS } from './format.js';

const Chart = globalThis.Chart;
const BLUE = '#005eb8';

function hiddenTable(canvas, headers, rows) {
  let table = canvas.parentElement.querySelector('table.visually-hidden');
  if (!table) {
    table = document.createElement('table');
    table.className = 'visually-hidden';
    canvas.parentElement.append(table);
  }
  const head = `<tr>${headers.map(h => `<th scope="col">${h}</th>`).join('')}</tr>`;
  table.innerHTML = `<thead>${head}</thead><tbody></tbody>`;
  const body = table.tBodies[0];
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.key = row.key;
    for (const cell of row.cells) tr.insertCell().textContent = cell;
  }
  canvas.dataset.count = String(rows.length);
}

/** The widest a bar label may be: half the chart's width (what Chart.js allows a y axis), less the tick padding. */
const LABEL_SHARE = 0.5;
const LABEL_PADDING = 12;
const LABEL_FONT_SIZE = 10;

/** A practice's bar label: its code (names repeat, two CASTLE HEALTH CENTREs) then its name. */
export function practiceLabel(entry) {
  return entry.name ? `${entry.practice_code} ${entry.name}` : entry.practice_code;
}

/** `text` cut at the end with an ellipsis so that `measure(text)` fits `maxWidth` (whole when it fits already). */
export function fitLabel(text, maxWidth, measure) {
  if (measure(text) <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid).trimEnd()}…`) <= maxWidth) lo = mid; else hi = mid - 1;
  }
  return `${text.slice(0, lo).trimEnd()}…`;
}

export class TopChart {
  constructor(canvas, onPick) {
    this.canvas = canvas;
    this.entries = [];
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [], backgroundColor: BLUE }] },
      options: {
        indexAxis: 'y',
        animation: false,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              // The full name, however the axis label was cut.
              title: items => (items.length ? this.fullLabel(items[0].dataIndex) : ''),
              label: ctx => formatValue(this.metric, ctx.parsed.x),
            },
          },
        },
        scales: {
          x: { ticks: { callback: v => formatShort(this.metric, v) } },
          // Labels longer than the axis may be are cut at the end with an ellipsis, never clipped at the start.
          y: { ticks: { autoSkip: false, font: { size: LABEL_FONT_SIZE }, callback: (_, i) => this.axisLabel(i) } },
        },
        onClick: (_, elements) => { if (elements.length) onPick(this.entries[elements[0].index].practice_code); },
      },
    });
  }

  fullLabel(index) {
    const e = this.entries[index];
    return e ? (e.name ? `${e.name} (${e.practice_code})` : e.practice_code) : '';
  }

  /** The label for bar `index`, fitted to the width the y axis may take in this chart. */
  axisLabel(index) {
    const e = this.entries[index];
    if (!e) return '';
    const ctx = this.chart.ctx;
    ctx.save();
    ctx.font = `${LABEL_FONT_SIZE}px ${Chart.defaults.font.family}`;
    const label = fitLabel(practiceLabel(e), this.chart.width * LABEL_SHARE - LABEL_PADDING, t => ctx.measureText(t).width);
    ctx.restore();
    return label;
  }

  /** Draws the ranked entries (a rate's unranked practices, rank null, are left out: they have no bar). */
  render(entries, metric) {
    this.metric = metric;
    this.entries = entries.filter(e => e.rank !== null && e.value !== null);
    this.chart.data.labels = this.entries.map(practiceLabel);
    this.chart.data.datasets[0].data = this.entries.map(e => e.value);
    this.chart.data.datasets[0].label = METRIC_LABELS[metric];
    this.chart.update();
    hiddenTable(this.canvas, ['Rank', 'Practice', 'Code', METRIC_LABELS[metric]],
      this.entries.map(e => ({ key: e.practice_code, cells: [String(e.rank), e.name || '', e.practice_code, formatValue(metric, e.value)] })));
  }
}

export class SeriesChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { labels: [], datasets: [{ data: [], borderColor: BLUE, backgroundColor: BLUE, pointRadius: [], tension: 0.2 }] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: ctx => formatValue(this.metric, ctx.parsed.y) } } },
        scales: { y: { beginAtZero: true, ticks: { callback: v => formatShort(this.metric, v) } } },
      },
    });
  }

  /** Draws every month from the first point's (or the highlighted period's start, if earlier) to the last point's (or the
   * period's end, if later): a month with no point (not loaded) is a gap — a null, not a zero, and the line is not joined
   * across it.
   * @param {{from?: string, to?: string}} highlight the selected period, its months drawn with larger points */
  render(points, metric, highlight = {}) {
    this.metric = metric;
    const byMonth = new Map(points.map(p => [p.month, p]));
    const first = [points[0]?.month, highlight.from].filter(Boolean).sort()[0];
    const last = [points.at(-1)?.month, highlight.to].filter(Boolean).sort().at(-1);
    const all = points.length ? monthsBetween(first, last).map(month => byMonth.get(month) ?? { month, missing: true }) : [];
    const inPeriod = p => highlight.from && p.month >= highlight.from && p.month <= highlight.to;
    this.chart.data.labels = all.map(p => formatMonth(p.month));
    const ds = this.chart.data.datasets[0];
    ds.data = all.map(p => (p.missing ? null : p[metric]));
    ds.spanGaps = false;
    ds.pointRadius = all.map(p => (inPeriod(p) ? 5 : 2));
    ds.pointBackgroundColor = all.map(p => (inPeriod(p) ? '#bd0026' : BLUE));
    this.chart.update();
    this.canvas.dataset.gaps = all.filter(p => p.missing).map(p => p.month).join(',');
    hiddenTable(this.canvas, ['Month', METRIC_LABELS[metric]],
      all.map(p => ({ key: p.month, cells: [p.month, p.missing ? 'not loaded' : formatValue(metric, p[metric])] })));
  }
}
