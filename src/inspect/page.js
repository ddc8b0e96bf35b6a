// regsim inspect: the page's script. Plain DOM, no framework, nothing from the
// internet. The server pushes the whole session on every change (Server-Sent
// Events, `event: state`); the page renders it and posts the user's clicks.
// The statechart is the main view: pan and zoom move its SVG viewBox, the
// current state is kept in view, and the transitions possible now are
// clickable. Every word shown comes from the session (the server's labels).
'use strict';

/** Outcomes drawn green; the failures red; the rest (skipped, reviewDue, …) neutral. */
const GOOD_OUTCOMES = new Set(['registrationComplete', 'accessGranted', 'registered', 'noReviewDue']);
const BAD_OUTCOMES = new Set(['canceled', 'blocked', 'blankPage', 'deadEnd', 'stuck', 'notAllowed']);
const KIND_TITLES = { user: 'User actions', environment: 'Environment outcomes', admin: 'Admin steps', time: 'Time' };
const KIND_ORDER = ['user', 'environment', 'admin', 'time'];
const SVG_NS = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);

/** `h('li', { className: 'x' }, 'text', child)`: an element with properties and children. */
function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null) continue;
    if (k in node && k !== 'list') node[k] = v;
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

/** An SVG element with attributes. */
function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

/** A rule ID whose summary shows on hover (tooltip) and is read out by screen readers (hidden text). */
const ruleChip = (r) => h('span', { className: 'rule', title: `${r.id}: ${r.summary}`, tabIndex: 0 },
  r.id, h('span', { className: 'visually-hidden' }, `: ${r.summary}`));

const show = (v) => (Array.isArray(v) ? (v.length ? v.join(', ') : '—') : v === null || v === undefined ? '—' : String(v));

let busy = false;
let latest = null;

function setBusy(on) {
  busy = on;
  for (const b of document.querySelectorAll('#events button, #undo, #redo, #reset, #trace button, #play')) {
    b.disabled = on || (b.id === 'undo' && !(latest && latest.canUndo)) || (b.id === 'redo' && !(latest && latest.canRedo));
  }
}

function showError(message) {
  $('error').textContent = message || '';
}

async function post(path, body) {
  if (busy) return;
  setBusy(true);
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json();
    if (!res.ok) {
      if (data.state) render(data.state);
      showError(data.error || `${res.status} ${res.statusText}`);
    } else {
      showError('');
      render(data);
    }
  } catch (e) {
    showError(`The inspector did not answer: ${e.message}`);
  } finally {
    setBusy(false);
  }
}

const sendEvent = (p) => post('/send', { event: p.event });

// ── header and the scenario / variant switcher ──────────────────────────────
let scenarios = null;

function renderHeader(st) {
  const sc = st.scenario;
  document.title = `${sc.name} — regsim inspect`;
  $('scenario-name').textContent = sc.name;
  $('flow').textContent = `${sc.flow} (${sc.flowTitle})`;
  $('profile').textContent = sc.profile;
  $('file').textContent = sc.file;
  $('tenants').textContent = st.decisions.map((d) => (d.role === 'tenant' ? d.tenant : `${d.tenant} (${d.role})`)).join(', ');
  $('variant-wrap').hidden = !sc.variant;
  $('variant').textContent = sc.variant || '';
  renderPickers(st);
}

async function loadScenarios() {
  try {
    const res = await fetch('/scenarios');
    scenarios = await res.json();
    if (latest) renderPickers(latest);
  } catch (e) {
    showError(`The scenario list could not be loaded: ${e.message}`);
  }
}

function renderPickers(st) {
  if (!scenarios) return;
  const select = $('scenario-select');
  const file = st.scenario.file;
  if (select.options.length !== scenarios.scenarios.length) {
    select.replaceChildren(...scenarios.scenarios.map((x) => h('option', { value: x.file }, `${x.name} (${x.flow})`)));
  }
  select.value = file;
  const entry = scenarios.scenarios.find((x) => x.file === file);
  const variants = entry ? entry.variants : [null];
  $('variant-picker').hidden = variants.length < 2;
  $('variant-select').replaceChildren(...variants.map((v, i) => h('option', { value: String(i + 1) }, `${i + 1}: ${v || 'no matrix'}`)));
  const at = variants.indexOf(st.scenario.variant);
  $('variant-select').value = String(at >= 0 ? at + 1 : 1);
}

// ── the current screen, its rules and the possible events ───────────────────
function renderScreen(st) {
  $('state').textContent = st.state;
  const status = $('status');
  status.textContent = st.status;
  status.className = `badge ${st.status}`;
  $('screen-name').textContent = st.stateLabel === st.state.split('.').at(-1) ? '' : st.stateLabel;
  $('screen').textContent = st.screen || '';
  const text = $('screen-text');
  text.hidden = !st.screenText;
  text.textContent = st.screenText || '';
  const own = st.rules.filter((r) => r.own);
  const inherited = st.rules.filter((r) => !r.own);
  $('rules').replaceChildren(...(own.length ? own.map((r) => h('li', {}, ruleChip(r))) : [h('li', { className: 'muted' }, 'none of its own')]));
  $('inherited').hidden = inherited.length === 0;
  $('inherited-count').textContent = `(${inherited.length})`;
  $('inherited-rules').replaceChildren(...inherited.map((r) => h('li', { title: `cited by ${r.state || 'the machine'}` }, ruleChip(r))));

  const events = $('events');
  const hadFocus = events.contains(document.activeElement);
  if (st.possible.length) {
    const groups = KIND_ORDER.map((kind) => ({ kind, items: st.possible.filter((p) => p.kind === kind) })).filter((g) => g.items.length);
    events.replaceChildren(...groups.map((g) => h('div', { className: `event-group ${g.kind}`, role: 'group', 'aria-label': KIND_TITLES[g.kind] },
      h('h4', {}, KIND_TITLES[g.kind]),
      h('div', { className: 'buttons' }, g.items.map((p) => {
        const b = h('button', { type: 'button', title: p.tooltip, className: p.event.type === 'CANCEL' ? 'cancel' : '' }, p.label);
        b.addEventListener('click', () => sendEvent(p));
        b.addEventListener('mouseenter', () => markEdges(p, true));
        b.addEventListener('mouseleave', () => markEdges(p, false));
        return b;
      })))));
  } else {
    events.replaceChildren(h('p', { className: 'muted' }, st.status === 'done' ? 'The flow has ended. Undo, click a trace step or Reset to go on.' : st.status === 'error' ? 'The flow failed. Undo or Reset to go on.' : 'No event is possible here.'));
  }
  // Focus stays with the event buttons for the keyboard, without scrolling the page to them (on a phone it jumped on every click).
  if (hadFocus) (events.querySelector('button') || events).focus({ preventScroll: true });
  $('undo').disabled = busy || !st.canUndo;
  $('redo').disabled = busy || !st.canRedo;

  const outcome = $('outcome');
  outcome.hidden = !st.outcome;
  outcome.textContent = st.outcome ? `Outcome: ${st.stateLabel}` : '';
  outcome.className = `outcome ${GOOD_OUTCOMES.has(st.outcome) ? 'good' : BAD_OUTCOMES.has(st.outcome) ? 'bad' : ''}`;
}

// ── decisions, trace, audit, snapshot, inspection ───────────────────────────
function decisionBlock(d) {
  const rows = [
    ['Wizard', d.wizard], ['Interrupted', d.interrupted ? 'yes' : 'no'], ['Trigger', d.trigger], ['Gate', d.gate],
    ['Offered', d.offered], ['Choices', d.choices], ['Required', d.required], ['Skippable', d.skippable ? 'yes' : 'no'],
    ['Strength', d.strength], ['URL', d.url],
  ];
  return [
    h('dl', { className: 'decision' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, k === 'URL' && v ? h('code', {}, v) : show(v))])),
    h('h4', {}, 'Reasons'),
    h('ul', { className: 'reasons' }, d.reasons.length
      ? d.reasons.map((r) => h('li', {}, h('span', { className: 'part' }, `${r.part}: `), r.text, ' ', r.rules.map(ruleChip)))
      : [h('li', { className: 'muted' }, 'none')]),
  ];
}

const ROLE_TITLES = { tenant: 'Tenant', resource: 'Resource tenant', home: 'Home tenant' };

function renderDecisions(st) {
  $('decisions').replaceChildren(...st.decisions.map((t) => h('section', { className: 'tenant-decision', 'aria-label': `${ROLE_TITLES[t.role]} ${t.tenant}` },
    h('h3', {}, `${ROLE_TITLES[t.role]}: ${t.tenant}`), decisionBlock(t.decision))));
}

function renderTrace(st) {
  const trace = $('trace');
  trace.replaceChildren(...st.trace.map((t) => {
    const b = h('button', { type: 'button', title: t.step === st.cursor ? 'The step shown' : `Show step ${t.step}` },
      h('span', { className: 'n' }, String(t.step)),
      t.event === null ? h('span', { className: 'muted' }, '(start)') : t.label,
      // The screen in words, its state id beside it in small print for tracing (as checklists do).
      ' → ', t.stateLabel, ' ', h('code', { className: 'state-id' }, t.state),
      t.audit.map((a) => h('span', { className: `audit-line ${a.includes('| Failure |') ? 'failure' : ''}` }, `audit: ${a}`)));
    b.addEventListener('click', () => post('/goto', { step: t.step }));
    const li = h('li', { className: t.step > st.cursor ? 'future' : '' }, b);
    if (t.step === st.cursor) li.setAttribute('aria-current', 'step');
    return li;
  }));
  // Only the trace list scrolls to its current step: scrollIntoView would scroll the side column
  // and the page too, taking the current screen and the outcome out of view.
  const current = trace.querySelector('[aria-current="step"]');
  if (current) {
    const top = current.getBoundingClientRect().top - trace.getBoundingClientRect().top + trace.scrollTop;
    if (top < trace.scrollTop) trace.scrollTop = top;
    else if (top + current.offsetHeight > trace.scrollTop + trace.clientHeight) trace.scrollTop = top + current.offsetHeight - trace.clientHeight;
  }
}

function renderAudit(st) {
  const body = $('audit').tBodies[0];
  body.replaceChildren(...st.audit.map((a) => h('tr', {},
    h('td', {}, ruleChip({ id: a.rule, summary: a.ruleSummary })), h('td', {}, a.activity),
    h('td', { className: a.status }, a.status), h('td', {}, a.reason))));
  $('audit').hidden = st.audit.length === 0;
  $('audit-empty').hidden = st.audit.length > 0;
  $('audit-count').textContent = st.audit.length ? `(${st.audit.length})` : '';
}

function renderSnapshot(st) {
  $('context-json').textContent = JSON.stringify(st.snapshot.context, null, 2);
  $('snapshot-json').textContent = JSON.stringify({ value: st.snapshot.value, status: st.snapshot.status }, null, 2);
}

function renderInspection(st) {
  const i = st.inspection;
  $('inspection-counts').textContent = `${i.total} events: ${Object.entries(i.counts).map(([k, n]) => `${k} ×${n}`).join(', ')}`;
  $('inspection-log').replaceChildren(...i.log.slice().reverse().map((e) => h('li', { value: e.seq }, h('span', { className: 'type' }, e.type), ' ', e.text)));
}

// ── the sequence view: lifelines for the user, the flow (per tenant for B2B) and the audit log ──
function renderSequence(st) {
  const b2b = st.decisions.length > 1;
  const lanes = [{ id: 'user', title: 'User' }];
  if (b2b) {
    lanes.push({ id: 'resource', title: `Resource tenant (${st.decisions[0].tenant})` }, { id: 'home', title: `Home tenant (${st.decisions[1].tenant})` });
  } else {
    lanes.push({ id: 'flow', title: st.scenario.flowTitle });
  }
  lanes.push({ id: 'audit', title: 'Audit log' });
  // Boxes wide enough for the longest lifeline title (about 7.4 px a character at this size): a fixed 184 px cut "Interrupt mode (sign-in wizard)".
  const box = Math.max(184, Math.ceil(Math.max(...lanes.map((l) => l.title.length)) * 7.4) + 16);
  const laneWidth = box + 16;
  const x = (id) => 30 + lanes.findIndex((l) => l.id === id) * laneWidth + laneWidth / 2;
  const rowHeight = (t) => 40 + t.audit.length * 18;
  const top = 40;
  let y = top;
  const rows = [];
  let prevLane = b2b ? 'resource' : 'flow';
  for (const t of st.trace) {
    const lane = b2b ? (t.tenant || 'resource') : 'flow';
    const height = rowHeight(t);
    const g = s('g', { class: `row${t.step === st.cursor ? ' current' : ''}${t.step > st.cursor ? ' future' : ''}`, 'data-step': t.step });
    g.append(s('rect', { class: 'band', x: 0, y, width: 30 + lanes.length * laneWidth, height }));
    g.append(s('text', { x: 4, y: y + 16, 'font-size': 10, fill: '#57606a' }, String(t.step)));
    const my = y + 14;
    if (t.event !== null) {
      const kind = t.kind || 'user';
      if (kind === 'user') {
        g.append(s('g', { class: 'msg user' }, s('line', { x1: x('user'), y1: my, x2: x(lane) - 4, y2: my, 'marker-end': 'url(#arrow)' }),
          s('text', { x: (x('user') + x(lane)) / 2, y: my - 4, 'text-anchor': 'middle' }, t.label)));
      } else {
        // An outcome of the service, the client or the clock: arrives at the flow from its own side.
        g.append(s('g', { class: `msg ${kind}` }, s('line', { x1: x(prevLane) + 60, y1: my - 8, x2: x(lane) + 4, y2: my, 'marker-end': 'url(#arrow)' }),
          s('text', { x: x(lane) + 66, y: my - 6 }, `⚙ ${t.label}`)));
      }
    }
    const sy = y + (t.event === null ? 6 : 20);
    const words = t.stateLabel === t.state.split('.').at(-1) ? t.state : t.stateLabel;
    const label = words.length > 28 ? `…${words.slice(-27)}` : words;
    g.append(s('g', { class: 'state' }, s('rect', { x: x(lane) - box / 2, y: sy, width: box, height: 16 }),
      s('text', { x: x(lane), y: sy + 12, 'text-anchor': 'middle' }, s('title', {}, t.state), label)));
    t.audit.forEach((a, i) => {
      const ay = sy + 26 + i * 18;
      const short = a.length > 34 ? `${a.slice(0, 33)}…` : a;
      g.append(s('g', { class: `msg audit${a.includes('| Failure |') ? ' failure' : ''}` },
        s('line', { x1: x(lane), y1: ay, x2: x('audit') - 4, y2: ay, 'marker-end': 'url(#arrow)' }),
        s('text', { x: (x(lane) + x('audit')) / 2, y: ay - 3, 'text-anchor': 'middle' }, s('title', {}, a), short)));
    });
    g.addEventListener('click', () => post('/goto', { step: t.step }));
    rows.push(g);
    y += height;
    prevLane = lane;
  }
  const width = 30 + lanes.length * laneWidth;
  // The lifelines' heads stay on top while the rows scroll under them.
  const heads = s('svg', { class: 'sequence-heads', width, height: 30, viewBox: `0 0 ${width} 30`, 'aria-hidden': 'true' },
    lanes.map((l) => s('g', { class: 'head' }, s('rect', { x: x(l.id) - box / 2, y: 4, width: box, height: 24, rx: 4 }),
      s('text', { x: x(l.id), y: 20, 'text-anchor': 'middle' }, l.title))));
  const svg = s('svg', { width, height: y - 30 + 10, viewBox: `0 30 ${width} ${y - 30 + 10}`, role: 'img', 'aria-label': `Sequence of ${st.trace.length} steps: ${lanes.map((l) => l.title).join(', ')}` },
    s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: 'currentColor' }))),
    lanes.map((l) => s('line', { class: 'lifeline', x1: x(l.id), y1: 30, x2: x(l.id), y2: y + 10 })),
    rows);
  $('sequence').replaceChildren(heads, svg);
  const current = svg.querySelector('.row.current');
  if (current && !$('panel-sequence').hidden) {
    const box = $('panel-sequence');
    const r = current.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - b.height / 3;
  }
}

// ── the statechart: fetched as SVG text, parsed (never innerHTML), panned and zoomed with its viewBox ──
let diagramKey = '';
let diagramRequest = 0;
/** The whole drawing's box, and the part shown. */
let full = null;
let view = null;
let follow = true;

function svgEl() { return $('diagram').querySelector('svg'); }

function applyView() {
  const svg = svgEl();
  if (svg && view) svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
}

/** The viewBox that shows `w`×`h` drawing units at the box's aspect ratio, centred on (cx, cy). */
function boxAround(cx, cy, w) {
  const r = $('diagram').getBoundingClientRect();
  const h = w * (r.height / Math.max(1, r.width));
  return { x: cx - w / 2, y: cy - h / 2, w, h };
}

function fitAll() {
  if (!full) return;
  const r = $('diagram').getBoundingClientRect();
  const scale = Math.min(r.width / full.w, r.height / full.h);
  const w = r.width / scale;
  view = boxAround(full.x + full.w / 2, full.y + full.h / 2, w);
  applyView();
}

function zoom(factor, cx, cy) {
  if (!view) return;
  const x = cx ?? view.x + view.w / 2;
  const y = cy ?? view.y + view.h / 2;
  const w = Math.min(Math.max(view.w / factor, 60), full.w * 4);
  const k = w / view.w;
  view = { x: x - (x - view.x) * k, y: y - (y - view.y) * k, w, h: view.h * k };
  applyView();
}

/** A point on the screen in drawing units. */
function toDrawing(clientX, clientY) {
  const svg = svgEl();
  const m = svg.getScreenCTM();
  if (!m) return { x: 0, y: 0 };
  const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
  return { x: p.x, y: p.y };
}

/** The bounding box of an element of the drawing, in drawing units. */
function boxOf(el) {
  const r = el.getBoundingClientRect();
  const a = toDrawing(r.left, r.top);
  const b = toDrawing(r.right, r.bottom);
  return { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y };
}

/** Screen pixels per drawing unit at which the chart's words can be read, and the range kept while following. */
const READABLE = 1.1;
const MIN_SCALE = 0.8;
const MAX_SCALE = 2.5;

const union = (a, b) => {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
};
const inside = (b, v) => b.x >= v.x && b.y >= v.y && b.x + b.w <= v.x + v.w && b.y + b.h <= v.y + v.h;

/**
 * Keeps the current state in view, with the transitions possible from it
 * when they fit at a readable scale; otherwise the current state centred at
 * that scale. Nothing moves while the current state is in view and readable.
 */
function centreOnCurrent(force) {
  const svg = svgEl();
  const node = svg && svg.querySelector('g.node.current');
  if (!node || !view) return;
  const r = $('diagram').getBoundingClientRect();
  const own = boxOf(node);
  let around = own;
  for (const g of svg.querySelectorAll('g.edge.enabled')) around = union(around, boxOf(g));
  const scale = r.width / view.w;
  // Still well inside the view (not within a tenth of its edges) and readable: leave the view where the user put it.
  const inner = { x: view.x + view.w * 0.1, y: view.y + view.h * 0.1, w: view.w * 0.8, h: view.h * 0.8 };
  if (!force && inside(own, inner) && scale >= MIN_SCALE && scale <= MAX_SCALE) return;
  const margin = 40;
  const fits = Math.min(r.width / (around.w + margin), r.height / (around.h + margin));
  const target = fits >= MIN_SCALE ? Math.min(fits, READABLE) : READABLE;
  const focus = fits >= MIN_SCALE ? around : own;
  view = boxAround(focus.x + focus.w / 2, focus.y + focus.h / 2, r.width / target);
  applyView();
}

async function renderDiagram(st) {
  const key = JSON.stringify([st.scenario.file, st.scenario.variant, st.visited, st.state, st.possible.map((p) => p.id)]);
  if (key === diagramKey) return;
  const flowChanged = !diagramKey || JSON.parse(diagramKey)[0] !== st.scenario.file;
  diagramKey = key;
  const request = ++diagramRequest;
  try {
    const res = await fetch('/diagram.svg', { cache: 'no-store' });
    const text = await res.text();
    if (request !== diagramRequest) return; // a newer state asked for a newer diagram
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const svg = doc.documentElement;
    if (svg.nodeName !== 'svg') throw new Error('not an SVG document');
    const box = $('diagram');
    const imported = document.importNode(svg, true);
    const vb = (imported.getAttribute('viewBox') || '0 0 100 100').split(/[\s,]+/).map(Number);
    const nextFull = { x: vb[0], y: vb[1], w: vb[2], h: vb[3] };
    imported.removeAttribute('width');
    imported.removeAttribute('height');
    imported.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    box.replaceChildren(imported);
    wireEdges(imported);
    const first = !view || flowChanged || !full || full.w !== nextFull.w || full.h !== nextFull.h;
    full = nextFull;
    if (first) fitAll();
    else applyView();
    if (follow) centreOnCurrent(first);
  } catch (e) {
    diagramKey = '';
    $('diagram').replaceChildren(h('p', { className: 'error' }, `The diagram could not be loaded: ${e.message}`));
  }
}

/** The possible events an enabled edge stands for (its `t:<transition id>` class tokens). */
function eventsOfEdge(g) {
  const ids = [...g.classList].filter((c) => c.startsWith('t:')).map((c) => c.slice(2));
  return (latest ? latest.possible : []).filter((p) => p.transitions.some((t) => ids.includes(t)));
}

function wireEdges(svg) {
  for (const g of svg.querySelectorAll('g.edge.enabled')) {
    const events = eventsOfEdge(g);
    if (!events.length) continue;
    // A wide transparent copy of the edge's line: a thin curve is hard to hit.
    for (const path of g.querySelectorAll('path')) {
      const hit = path.cloneNode(false);
      hit.setAttribute('class', 'hit');
      hit.setAttribute('stroke', 'transparent');
      hit.setAttribute('stroke-width', '14');
      hit.setAttribute('fill', 'none');
      path.after(hit);
    }
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', events.length === 1 ? events[0].label : `${events.length} events: ${events.map((p) => p.label).join(', ')}`);
  }
}

function markEdges(p, on) {
  const svg = svgEl();
  if (!svg) return;
  for (const t of p.transitions) for (const g of svg.getElementsByClassName(`t:${t}`)) g.classList.toggle('hover', on);
}

function openEdge(g, clientX, clientY) {
  const events = eventsOfEdge(g);
  if (events.length === 1) return sendEvent(events[0]);
  if (!events.length) return;
  const menu = $('edge-menu');
  const pane = menu.parentElement.getBoundingClientRect();
  menu.replaceChildren(...events.map((p) => {
    const b = h('button', { type: 'button', role: 'menuitem', title: p.tooltip }, p.label);
    b.addEventListener('click', () => { menu.hidden = true; sendEvent(p); });
    return b;
  }));
  menu.style.left = `${clientX - pane.left + 8}px`;
  menu.style.top = `${clientY - pane.top + 8}px`;
  menu.hidden = false;
  menu.querySelector('button')?.focus();
}

function setupDiagram() {
  const box = $('diagram');
  let drag = null;
  box.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || e.target.closest('g.edge.enabled')) return;
    drag = { x: e.clientX, y: e.clientY, view: { ...view }, moved: false };
    box.setPointerCapture(e.pointerId);
  });
  box.addEventListener('pointermove', (e) => {
    if (!drag || !view) return;
    const r = box.getBoundingClientRect();
    const k = view.w / r.width;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; box.classList.add('panning'); }
    view = { ...drag.view, x: drag.view.x - dx * k, y: drag.view.y - dy * k };
    applyView();
  });
  const end = () => { drag = null; box.classList.remove('panning'); };
  box.addEventListener('pointerup', end);
  box.addEventListener('pointercancel', end);
  box.addEventListener('wheel', (e) => {
    e.preventDefault();
    const p = toDrawing(e.clientX, e.clientY);
    zoom(Math.exp(-e.deltaY * 0.0015), p.x, p.y);
  }, { passive: false });
  box.addEventListener('click', (e) => {
    const g = e.target.closest('g.edge.enabled');
    if (g) openEdge(g, e.clientX, e.clientY);
    else $('edge-menu').hidden = true;
  });
  box.addEventListener('keydown', (e) => {
    const g = e.target.closest && e.target.closest('g.edge.enabled');
    if (g && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      const r = g.getBoundingClientRect();
      openEdge(g, r.left + r.width / 2, r.top + r.height / 2);
    } else if (e.key === '+' || e.key === '=') zoom(1.25);
    else if (e.key === '-') zoom(0.8);
    else if (e.key === '0') fitAll();
  });
  $('zoom-in').addEventListener('click', () => zoom(1.25));
  $('zoom-out').addEventListener('click', () => zoom(0.8));
  $('fit').addEventListener('click', () => { setFollow(false); fitAll(); });
  $('follow').addEventListener('click', () => { setFollow(!follow); if (follow) centreOnCurrent(true); });
  new ResizeObserver(() => { if (view && full) { view = boxAround(view.x + view.w / 2, view.y + view.h / 2, view.w); applyView(); } }).observe(box);
}

function setFollow(on) {
  follow = on;
  $('follow').setAttribute('aria-pressed', String(on));
}

// ── tabs ────────────────────────────────────────────────────────────────────
function setupTabs() {
  const tabs = [...document.querySelectorAll('.tabs [role="tab"]')];
  const select = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
  };
  tabs.forEach((t, i) => {
    t.addEventListener('click', () => select(t));
    t.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      const next = tabs[(i + d + tabs.length) % tabs.length];
      select(next);
      next.focus();
    });
  });
}

// ── play a generated path ───────────────────────────────────────────────────
let pathList = null;

async function loadPaths() {
  const criterion = $('criterion').value;
  $('path-select').replaceChildren(h('option', {}, 'generating…'));
  try {
    const res = await fetch(`/paths?criterion=${encodeURIComponent(criterion)}`);
    const data = await res.json();
    if (!res.ok) throw new Error(data.error);
    pathList = data;
    $('path-select').replaceChildren(...(data.paths.length
      ? data.paths.map((p) => h('option', { value: p.id }, `${p.id}: ${p.steps.length} steps ⇒ ${p.ends}`))
      : [h('option', { value: '' }, criterion === 'walk' ? 'this scenario has no scripted steps' : 'no paths')]));
    $('play').disabled = data.paths.length === 0;
    describePath();
  } catch (e) {
    $('path-select').replaceChildren(h('option', { value: '' }, 'could not be generated'));
    $('path-info').textContent = e.message;
  }
}

function describePath() {
  const p = pathList && pathList.paths.find((x) => x.id === $('path-select').value);
  $('path-info').textContent = p ? `${p.description}${p.rules.length ? ` · rules ${p.rules.join(', ')}` : ''}` : '';
}

function renderPlaying(st) {
  if (!st.playing) return;
  const total = st.trace.length - 1;
  $('path-info').textContent = `Playing ${st.playing.id} — step ${st.cursor} of ${total}. Redo steps forward, Undo back. ${st.playing.description}`;
}

function render(st) {
  const switched = latest && (latest.scenario.file !== st.scenario.file || latest.scenario.variant !== st.scenario.variant);
  latest = st;
  renderHeader(st);
  renderScreen(st);
  renderDecisions(st);
  renderTrace(st);
  renderAudit(st);
  renderSnapshot(st);
  renderInspection(st);
  renderSequence(st);
  renderPlaying(st);
  renderDiagram(st);
  if (switched) loadPaths();
  // The machine threw (a bug in regsim): say so until Undo or Reset moves on.
  if (st.status === 'error') showError(`regsim failed here: ${st.error}. Undo or Reset to go on.`);
  document.body.dataset.state = st.state;
  document.body.dataset.status = st.status;
  document.body.dataset.cursor = String(st.cursor);
}

function connect() {
  const connection = $('connection');
  const source = new EventSource('/events');
  source.addEventListener('open', () => {
    connection.textContent = 'live';
    connection.className = 'connection live';
  });
  source.addEventListener('error', () => {
    connection.textContent = 'disconnected — retrying…';
    connection.className = 'connection down';
  });
  source.addEventListener('state', (e) => render(JSON.parse(e.data)));
}

document.addEventListener('DOMContentLoaded', () => {
  $('undo').addEventListener('click', () => post('/undo'));
  $('redo').addEventListener('click', () => post('/redo'));
  $('reset').addEventListener('click', () => post('/reset'));
  $('scenario-select').addEventListener('change', (e) => post('/load', { file: e.target.value, variant: 1 }));
  $('variant-select').addEventListener('change', (e) => post('/load', { file: $('scenario-select').value, variant: Number(e.target.value) }));
  $('criterion').addEventListener('change', loadPaths);
  $('path-select').addEventListener('change', describePath);
  $('play').addEventListener('click', () => post('/play', { criterion: $('criterion').value, id: $('path-select').value }));
  setupDiagram();
  setupTabs();
  connect();
  loadScenarios();
  loadPaths();
});
