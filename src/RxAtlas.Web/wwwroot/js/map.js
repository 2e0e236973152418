// The practice map: MapLibre GL circles coloured on a sequential scale and sized by the measure, scaled on percentiles.
import * as maplibregl from '../lib/maplibre-gl/maplibre-gl.mjs';
import { percentileScale, PALETTE } from './scale.js';
import { formatValue, formatShort, METRIC_LABELS } from './format.js';

const SOURCE = 'practices';
const LAYER = 'practice-circles';
const SELECTED = 'practice-selected';
const NO_DATA = '#9aa5ad';

/** A style with a plain background and no tiles, sources, glyphs or sprites: works with no network at all. */
const PLAIN_STYLE = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#dde6eb' } }],
};

export class PracticeMap {
  /**
   * @param {HTMLElement} container receives data-practice-count after each render
   * @param {HTMLElement} legend
   * @param {string|null} styleUrl optional base map style (configuration Web:MapStyleUrl)
   * @param {(code: string) => void} onPick called when a practice is clicked
   */
  constructor(container, legend, styleUrl, onPick) {
    this.container = container;
    this.legend = legend;
    this.renders = 0;
    this.map = new maplibregl.Map({
      container,
      style: styleUrl || PLAIN_STYLE,
      center: [-1.9, 52.9],
      zoom: 5.4,
      attributionControl: styleUrl ? undefined : false,
      preserveDrawingBuffer: true,
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
    this.loaded = new Promise(resolve => this.map.on('load', resolve)).then(() => this.addLayer());
    this.popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 8 });
    this.map.on('mousemove', LAYER, e => this.hover(e));
    this.map.on('mouseleave', LAYER, () => { this.map.getCanvas().style.cursor = ''; this.popup.remove(); });
    this.map.on('click', LAYER, e => { const f = e.features?.[0]; if (f) onPick(f.properties.code); });
  }

  addLayer() {
    this.map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    const stops = PALETTE.flatMap((colour, i) => [i / (PALETTE.length - 1), colour]);
    this.map.addLayer({
      id: LAYER,
      type: 'circle',
      source: SOURCE,
      layout: { 'circle-sort-key': ['get', 't'] },
      paint: {
        // Practices without a value (no list size, for rates per 1,000 patients) are drawn grey and small: not coloured.
        'circle-color': ['case', ['get', 'nodata'], NO_DATA, ['interpolate', ['linear'], ['get', 't'], ...stops]],
        'circle-radius': ['interpolate', ['linear'], ['zoom'],
          5, ['interpolate', ['linear'], ['get', 't'], 0, 2, 1, 8],
          10, ['interpolate', ['linear'], ['get', 't'], 0, 5, 1, 20]],
        'circle-opacity': 0.85,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 0.6,
      },
    });
    this.map.addLayer({
      id: SELECTED,
      type: 'circle',
      source: SOURCE,
      filter: ['==', ['get', 'code'], ''],
      paint: { 'circle-radius': 12, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#1d2a33', 'circle-stroke-width': 2.5 },
    });
  }

  /** Rings the chosen practice (or nobody, for an empty code). */
  async highlight(code) {
    await this.loaded;
    this.map.setFilter(SELECTED, ['==', ['get', 'code'], code || '']);
    this.container.dataset.selected = code || '';
  }

  hover(e) {
    const f = e.features?.[0];
    if (!f) return;
    this.map.getCanvas().style.cursor = 'pointer';
    const p = f.properties;
    const box = document.createElement('div');
    const name = document.createElement('strong');
    name.textContent = p.name || p.code;
    const detail = document.createElement('div');
    detail.textContent = p.nodata
      ? `${p.code} · no list size in this period, so no rate`
      : `${p.code} · ${METRIC_LABELS[this.metric]}: ${formatValue(this.metric, p.value)}`;
    box.append(name, detail);
    if (!p.nodata && this.periodMonths && p.sized < this.periodMonths && this.metric.endsWith('_per_1000')) {
      const partial = document.createElement('div');
      partial.className = 'meta';
      partial.textContent = `Rate from the ${p.sized} of ${this.periodMonths} months with a list size, scaled to the period`;
      box.append(partial);
    }
    this.popup.setLngLat(f.geometry.coordinates).setDOMContent(box).addTo(this.map);
  }

  /** Draws the practices, then publishes how many were drawn on the container (data-practice-count).
   * @param {number} periodMonths the selection's loaded months (a rate from fewer months says so on hover) */
  async render(entries, metric, periodMonths = 0) {
    this.metric = metric;
    this.periodMonths = periodMonths;
    await this.loaded;
    const scale = percentileScale(entries.map(e => e.value).filter(v => v !== null && v !== undefined));
    const features = entries.map(e => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [e.longitude, e.latitude] },
      properties: { code: e.practice_code, name: e.name, value: e.value, sized: e.sized_months, nodata: e.value === null, t: e.value === null ? 0 : scale.position(e.value) },
    }));
    this.map.getSource(SOURCE).setData({ type: 'FeatureCollection', features });
    if (!this.fitted && entries.length > 1) {
      // Frame the practices once, on the first data; later selections keep the user's view.
      this.fitted = true;
      const lons = entries.map(e => e.longitude);
      const lats = entries.map(e => e.latitude);
      this.map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]],
        { padding: 30, animate: false, maxZoom: 9 });
    }
    await new Promise(resolve => {
      const timer = setTimeout(resolve, 4000);
      this.map.once('idle', () => { clearTimeout(timer); resolve(); });
      this.map.triggerRepaint();
    });
    this.renderLegend(scale, metric, entries.length, entries.filter(e => e.value === null).length);
    this.renders += 1;
    this.container.dataset.practiceCount = String(features.length);
    this.container.dataset.renders = String(this.renders);
  }

  /** The legend: the colour bar with its 5th–95th percentile ends, and what grey means. With no value to colour (no
   * practice, or no practice with a rate) it says so instead of showing a bar from nothing to nothing. */
  renderLegend(scale, metric, n, missing = 0) {
    this.legend.replaceChildren();
    const title = document.createElement('div');
    title.textContent = `${METRIC_LABELS[metric]} · ${n.toLocaleString('en-GB')} practices`;
    this.legend.append(title);
    const coloured = n - missing;
    if (coloured > 0) {
      const bar = document.createElement('div');
      bar.className = 'bar';
      const ends = document.createElement('div');
      ends.className = 'ends';
      const lo = document.createElement('span');
      lo.textContent = `≤ ${formatShort(metric, scale.low)}`;
      const hi = document.createElement('span');
      hi.textContent = `≥ ${formatShort(metric, scale.high)}`;
      ends.append(lo, hi);
      const note = document.createElement('div');
      note.textContent = '5th–95th percentile';
      note.className = 'meta';
      this.legend.append(bar, ends, note);
    } else {
      const none = document.createElement('div');
      none.className = 'meta empty';
      none.textContent = n === 0 ? 'No practice to draw for this selection.'
        : 'No practice has a list size in this period, so there are no rates to colour.';
      this.legend.append(none);
    }
    if (missing) {
      const grey = document.createElement('div');
      grey.className = 'meta no-data';
      grey.innerHTML = '<span class="swatch"></span>';
      grey.append(`${missing.toLocaleString('en-GB')} grey: no list size in any month of the period, so no rate`);
      this.legend.append(grey);
    }
  }

  flyTo(longitude, latitude) {
    this.map.flyTo({ center: [longitude, latitude], zoom: Math.max(this.map.getZoom(), 9) });
  }
}
