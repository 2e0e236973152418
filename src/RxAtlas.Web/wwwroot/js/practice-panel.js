// The practice panel: details, its own monthly series and its top medicines for the selected period.
import { SeriesChart } from './charts.js';
import { formatValue, formatPeriod, formatMonthList, METRIC_LABELS } from './format.js';

export class PracticePanel {
  /** `onArea(level, code)` is called when one of the practice's areas is chosen: level `icb` or `subIcb`. */
  constructor(root, onClose, onArea) {
    this.root = root;
    this.onArea = onArea;
    this.name = root.querySelector('#practice-name');
    this.meta = root.querySelector('#practice-meta');
    this.areas = root.querySelector('#practice-areas');
    this.period = root.querySelector('#practice-period');
    this.medicines = root.querySelector('#practice-medicines');
    this.chart = new SeriesChart(root.querySelector('#practice-chart'));
    root.querySelector('#practice-close').addEventListener('click', onClose);
    root.addEventListener('keydown', e => { if (e.key === 'Escape') onClose(); });
  }

  show(practice, metric, focus) {
    this.root.hidden = false;
    this.root.dataset.practice = practice.practice_code;
    this.name.textContent = practice.name || practice.practice_code;
    const where = [practice.practice_code, practice.address, practice.postcode, practice.region_name].filter(Boolean).join(' · ');
    this.meta.textContent = practice.geocoded ? where : `${where} · no location (not on the map)`;
    this.showAreas(practice);
    this.chart.render(practice.series, metric, { from: practice.from, to: practice.to });
    const missing = practice.months_missing ?? [];
    const gap = missing.length ? `; ${formatMonthList(missing)} not loaded` : '';
    this.period.textContent = `(${METRIC_LABELS[metric]}, ${formatPeriod(practice.from, practice.to)}${gap})`;
    this.medicines.replaceChildren();
    for (const m of practice.top_medicines) {
      const tr = this.medicines.insertRow();
      tr.insertCell().textContent = m.name || m.bnf_code;
      const value = tr.insertCell();
      value.className = 'num';
      value.textContent = formatValue(metric, m.value);
    }
    if (!practice.top_medicines.length) this.medicines.insertRow().insertCell().textContent = 'Nothing prescribed in this selection.';
    if (focus) this.root.focus();
  }

  /** The practice's ICB and sub-ICB location, each "name (code)" (a level the practice has none of is left out), as buttons
   * that make it the page's area. */
  showAreas(practice) {
    const levels = [
      { level: 'icb', label: 'ICB', code: practice.icb_code, name: practice.icb_name },
      { level: 'subIcb', label: 'Sub-ICB location', code: practice.sub_icb_code, name: practice.sub_icb_name },
    ].filter(a => a.code);
    const parts = [];
    for (const a of levels) {
      if (parts.length) parts.push(' · ');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.dataset.level = a.level;
      button.dataset.code = a.code;
      button.textContent = a.name ? `${a.name} (${a.code})` : a.code;
      button.title = `Show this ${a.label} on the map`;
      button.addEventListener('click', () => this.onArea(a.level, a.code));
      parts.push(`${a.label}: `, button);
    }
    this.areas.replaceChildren(...parts);
    this.areas.hidden = levels.length === 0;
  }

  hide() {
    this.root.hidden = true;
    delete this.root.dataset.practice;
  }
}
