// The top-N bar chart and the monthly series (Chart.js, loaded as the global Chart), each with a visually hidden table
// that carries the same numbers for screen readers (and for tests).
import { formatValue, formatShort, formatMonth, METRIC_LABELS } from './format.js';

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
          tooltip: { callbacks: { label: ctx => formatValue(this.metric, ctx.parsed.x) } },
        },
        scales: {
          x: { ticks: { callback: v => formatShort(this.metric, v) } },
          y: { ticks: { autoSkip: false, font: { size: 10 } } },
        },
        onClick: (_, elements) => { if (elements.length) onPick(this.entries[elements[0].index].practice_code); },
      },
    });
  }

  render(entries, metric) {
    this.metric = metric;
    this.entries = entries;
    // Names repeat (two CASTLE HEALTH CENTREs), so every label carries the practice code.
    this.chart.data.labels = entries.map(e => e.name ? `${e.name.slice(0, 24)} · ${e.practice_code}` : e.practice_code);
    this.chart.data.datasets[0].data = entries.map(e => e.value);
    this.chart.data.datasets[0].label = METRIC_LABELS[metric];
    this.chart.update();
    hiddenTable(this.canvas, ['Rank', 'Practice', 'Code', METRIC_LABELS[metric]],
      entries.map(e => ({ key: e.practice_code, cells: [e.rank === null ? '–' : String(e.rank), e.name || '', e.practice_code, formatValue(metric, e.value)] })));
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

  /** @param {{from?: string, to?: string}} highlight months drawn with larger points */
  render(points, metric, highlight = {}) {
    this.metric = metric;
    const inPeriod = p => highlight.from && p.month >= highlight.from && p.month <= highlight.to;
    this.chart.data.labels = points.map(p => formatMonth(p.month));
    const ds = this.chart.data.datasets[0];
    ds.data = points.map(p => p[metric]);
    ds.pointRadius = points.map(p => (inPeriod(p) ? 5 : 2));
    ds.pointBackgroundColor = points.map(p => (inPeriod(p) ? '#bd0026' : BLUE));
    this.chart.update();
    hiddenTable(this.canvas, ['Month', METRIC_LABELS[metric]],
      points.map(p => ({ key: p.month, cells: [p.month, formatValue(metric, p[metric])] })));
  }
}
