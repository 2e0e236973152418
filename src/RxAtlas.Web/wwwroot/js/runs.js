// The runs page: an Airflow-style grid (tasks × runs coloured by state), each task's tries with log and error, and the
// DAG drawn as a layered graph from the edges /api/runs reports (or, with none, the tasks in start order); with no run
// recorded yet, the DAGs' shapes alone.
import { getJson } from './api.js';

export const STATE_COLOURS = {
  queued: '#9e9e9e', running: '#32cd32', success: '#008000', failed: '#d32f2f', skipped: '#ff69b4',
  upstream_failed: '#ff9800', interrupted: '#7b1fa2', cancelled: '#607d8b',
};
const $ = id => document.getElementById(id);
const fmtTime = iso => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) + 'Z' : '–');

let data;
let selected = { runId: null, taskId: null };

/** The latest try of each task in a run. */
function latestTries(run) {
  const byTask = new Map();
  for (const t of run.tasks) if (!byTask.has(t.task_id) || byTask.get(t.task_id).try_number < t.try_number) byTask.set(t.task_id, t);
  return byTask;
}

function shapeOf(dag) {
  return data.dags.find(d => d.name === dag) ?? null;
}

/** Task rows: the DAGs' declared tasks first, then any others seen in runs, in first-start order. */
function taskOrder() {
  const order = [];
  const add = id => { if (!order.includes(id)) order.push(id); };
  for (const d of data.dags) d.tasks.forEach(add);
  for (const run of [...data.runs].reverse()) [...run.tasks].sort((a, b) => a.started.localeCompare(b.started)).forEach(t => add(t.task_id));
  return order;
}

function renderLegend() {
  $('legend').replaceChildren(...Object.entries(STATE_COLOURS).map(([state, colour]) => {
    const s = document.createElement('span');
    s.style.setProperty('--c', colour);
    s.textContent = state.replace('_', ' ');
    return s;
  }));
}

function renderGrid() {
  const runs = [...data.runs].reverse(); // oldest on the left, like Airflow
  const grid = $('grid');
  grid.replaceChildren();
  const head = grid.createTHead().insertRow();
  head.append(document.createElement('td'));
  for (const run of runs) {
    const td = head.insertCell();
    const bar = document.createElement('button');
    bar.type = 'button';
    bar.className = 'run-bar';
    bar.style.background = STATE_COLOURS[run.state] ?? '#ccc';
    bar.title = `Run ${run.run_id} · ${run.dag} ${run.month ?? ''} · ${run.state}`;
    bar.setAttribute('aria-label', bar.title);
    bar.addEventListener('click', () => select(run.run_id, null));
    td.append(bar);
  }
  const body = grid.createTBody();
  for (const taskId of taskOrder()) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = taskId;
    row.append(th);
    for (const run of runs) {
      const task = latestTries(run).get(taskId);
      const cell = document.createElement('button');
      cell.type = 'button';
      cell.className = 'cell';
      cell.dataset.run = run.run_id;
      cell.dataset.task = taskId;
      if (task) {
        cell.dataset.state = task.state;
        cell.style.background = STATE_COLOURS[task.state] ?? '#ccc';
        cell.title = `${taskId} · run ${run.run_id} · ${task.state}${task.try_number > 1 ? ` (try ${task.try_number})` : ''}`;
        cell.setAttribute('aria-label', cell.title);
        cell.setAttribute('aria-pressed', String(selected.runId === run.run_id && selected.taskId === taskId));
        cell.addEventListener('click', () => select(run.run_id, taskId));
      } else {
        cell.classList.add('none');
        cell.disabled = true;
        cell.setAttribute('aria-label', `${taskId} did not run in run ${run.run_id}`);
      }
      row.insertCell().append(cell);
    }
  }
}

function renderList() {
  const body = $('run-list');
  body.replaceChildren();
  for (const run of data.runs) {
    const tr = body.insertRow();
    tr.dataset.run = run.run_id;
    const link = document.createElement('button');
    link.type = 'button';
    link.textContent = `#${run.run_id}`;
    link.addEventListener('click', () => select(run.run_id, null));
    tr.insertCell().append(link);
    for (const text of [run.dag, run.month ?? '', run.trigger, fmtTime(run.started)]) tr.insertCell().textContent = text;
    const secs = tr.insertCell();
    secs.className = 'num';
    secs.textContent = run.duration_seconds ?? '–';
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.style.setProperty('--c', STATE_COLOURS[run.state] ?? '#999');
    badge.textContent = run.state.replace('_', ' ');
    tr.insertCell().append(badge);
    tr.insertCell().textContent = run.error ?? '';
  }
}

/** Layers: each task one column right of its furthest upstream (longest path from a root). */
export function layers(tasks, edges) {
  const depth = new Map(tasks.map(t => [t, 0]));
  for (let pass = 0; pass < tasks.length; pass++) {
    let changed = false;
    for (const e of edges) {
      const d = (depth.get(e.upstream) ?? 0) + 1;
      if (depth.has(e.downstream) && d > depth.get(e.downstream)) { depth.set(e.downstream, d); changed = true; }
    }
    if (!changed) break;
  }
  return depth;
}

function renderGraph(run) {
  const box = $('graph');
  box.replaceChildren();
  if (!run) { $('graph-run').textContent = ''; return; }
  $('graph-run').textContent = `run #${run.run_id} · ${run.dag} ${run.month ?? ''}`;
  const shape = shapeOf(run.dag);
  const tries = latestTries(run);
  const tasks = shape ? [...shape.tasks, ...[...tries.keys()].filter(t => !shape.tasks.includes(t))] : [...tries.keys()];
  box.append(dagSvg(run.dag, tasks, shape ? shape.edges : [], tries, run.run_id));
}

/** With no run recorded, each DAG's shape: its tasks and edges, uncoloured (no states, nothing to open). */
function renderShapes() {
  $('graph-run').textContent = data.dags.length ? `${data.dags.map(d => d.name).join(', ')} · no runs yet` : '';
  $('graph').replaceChildren(...data.dags.filter(d => d.tasks.length).map(d => dagSvg(d.name, d.tasks, d.edges, new Map(), null)));
}

/** The DAG as a layered SVG graph; each task coloured by its try in `tries` and, for a run (`runId`), a button opening it. */
function dagSvg(dag, tasks, edges, tries, runId) {
  const depth = edges.length ? layers(tasks, edges) : new Map(tasks.map((t, i) => [t, i]));
  const columns = new Map();
  for (const t of tasks) { const d = depth.get(t); if (!columns.has(d)) columns.set(d, []); columns.get(d).push(t); }
  const W = 130, H = 30, GX = 50, GY = 14;
  const pos = new Map();
  for (const [d, ts] of columns) ts.forEach((t, i) => pos.set(t, { x: 10 + d * (W + GX), y: 10 + i * (H + GY) }));
  const width = 20 + (Math.max(...columns.keys()) + 1) * (W + GX) - GX;
  const height = 20 + Math.max(...[...columns.values()].map(c => c.length)) * (H + GY) - GY;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `DAG ${dag}: ${edges.map(e => `${e.upstream} → ${e.downstream}`).join(', ') || tasks.join(', ')}`);
  svg.dataset.dag = dag;
  svg.style.maxHeight = `${Math.max(height, 120)}px`;
  for (const e of edges) {
    const a = pos.get(e.upstream), b = pos.get(e.downstream);
    if (!a || !b) continue;
    const path = document.createElementNS(ns, 'path');
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
    path.setAttribute('d', `M${x1},${y1} C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}`);
    path.dataset.edge = `${e.upstream}->${e.downstream}`;
    svg.append(path);
  }
  for (const t of tasks) {
    const p = pos.get(t);
    const g = document.createElementNS(ns, 'g');
    g.setAttribute('class', 'node');
    g.dataset.task = t;
    const state = tries.get(t)?.state ?? 'none';
    g.setAttribute('aria-label', runId === null ? t : `${t}: ${state.replace('_', ' ')}`);
    const rect = document.createElementNS(ns, 'rect');
    Object.entries({ x: p.x, y: p.y, width: W, height: H, rx: 5, fill: STATE_COLOURS[state] ?? '#b0bec5' }).forEach(([k, v]) => rect.setAttribute(k, v));
    const text = document.createElementNS(ns, 'text');
    text.setAttribute('x', p.x + 8);
    text.setAttribute('y', p.y + H / 2 + 4);
    text.textContent = t.length > 17 ? t.slice(0, 16) + '…' : t;
    g.append(rect, text);
    if (runId !== null) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      const open = () => select(runId, t);
      g.addEventListener('click', open);
      g.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
    }
    svg.append(g);
  }
  return svg;
}

function renderDetail(run, taskId) {
  const box = $('detail');
  box.replaceChildren();
  if (!run || !taskId) {
    $('detail-title').textContent = run ? `Run #${run.run_id}` : 'Task';
    const p = document.createElement('p');
    p.className = 'meta';
    p.textContent = run ? `Run #${run.run_id}: ${run.state}${run.error ? ' — ' + run.error : ''}. Choose a task.` : 'Choose a task square in the grid.';
    box.append(p);
    return;
  }
  $('detail-title').textContent = `Task ${taskId} · run #${run.run_id}`;
  for (const t of run.tasks.filter(t => t.task_id === taskId).sort((a, b) => a.try_number - b.try_number)) {
    const h = document.createElement('h3');
    h.textContent = `Try ${t.try_number}: ${t.state.replace('_', ' ')}`;
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = `${fmtTime(t.started)} → ${fmtTime(t.ended)}` +
      (t.duration_seconds !== null ? ` · ${t.duration_seconds} s` : '') + (t.rows_affected !== null ? ` · ${t.rows_affected.toLocaleString('en-GB')} rows` : '');
    box.append(h, meta);
    if (t.error) {
      const err = document.createElement('p');
      err.className = 'error-text';
      err.textContent = t.error;
      box.append(err);
    }
    const log = document.createElement('pre');
    log.className = 'log';
    log.textContent = t.log.length ? t.log.join('\n') : '(no log lines)';
    box.append(log);
  }
}

function select(runId, taskId) {
  selected = { runId, taskId };
  const run = data.runs.find(r => r.run_id === runId);
  document.querySelectorAll('.cell[aria-pressed]').forEach(c =>
    c.setAttribute('aria-pressed', String(Number(c.dataset.run) === runId && c.dataset.task === taskId)));
  renderGraph(run);
  renderDetail(run, taskId);
}

async function main() {
  data = await getJson('api/runs', new URLSearchParams({ limit: '50' }));
  renderLegend();
  renderGrid();
  renderList();
  $('status').textContent = data.runs.length ? `${data.runs.length} runs, newest first in the list.` : 'No runs recorded yet.';
  if (data.runs.length) {
    const latest = data.runs[0];
    const failed = latest.tasks.find(t => t.state === 'failed');
    select(latest.run_id, failed?.task_id ?? null);
  } else {
    renderShapes();
  }
  document.body.dataset.ready = 'true';
}

main().catch(e => { $('status').textContent = `Could not load runs: ${e.message}`; $('status').classList.add('error'); });
