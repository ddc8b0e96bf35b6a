// regsim inspect: the page's script. Plain DOM, no framework, nothing from the
// internet. The server pushes the whole session on every change (Server-Sent
// Events, `event: state`); the page renders it and posts the user's clicks.
'use strict';

/** Outcomes drawn green; the failures red; the rest (skipped, reviewDue, …) neutral. */
const GOOD_OUTCOMES = new Set(['registrationComplete', 'accessGranted', 'registered', 'noReviewDue']);
const BAD_OUTCOMES = new Set(['canceled', 'blocked', 'blankPage', 'deadEnd', 'stuck', 'notAllowed']);

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

/** A rule ID whose summary shows on hover (tooltip) and is read out by screen readers (hidden text). */
const ruleChip = (r) => h('span', { className: 'rule', title: `${r.id}: ${r.summary}`, tabIndex: 0 },
  r.id, h('span', { className: 'visually-hidden' }, `: ${r.summary}`));

const show = (v) => (Array.isArray(v) ? (v.length ? v.join(', ') : '—') : v === null || v === undefined ? '—' : String(v));

let busy = false;
let latest = null;

function setBusy(on) {
  busy = on;
  for (const b of document.querySelectorAll('#events button, #undo, #reset')) b.disabled = on || (b.id === 'undo' && !(latest && latest.canUndo));
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
    }
    else {
      showError('');
      render(data);
    }
  } catch (e) {
    showError(`The inspector did not answer: ${e.message}`);
  } finally {
    setBusy(false);
  }
}

function renderHeader(s) {
  const sc = s.scenario;
  document.title = `${sc.name} — regsim inspect`;
  $('scenario-name').textContent = sc.name;
  $('flow').textContent = `${sc.flow} (${sc.flowTitle})`;
  $('profile').textContent = sc.profile;
  $('file').textContent = sc.file;
  $('variant-wrap').hidden = !sc.variant;
  $('variant').textContent = sc.variant || '';
}

function renderScreen(s) {
  $('state').textContent = s.state;
  const status = $('status');
  status.textContent = s.status;
  status.className = `badge ${s.status}`;
  $('screen').textContent = s.screen || '';
  const text = $('screen-text');
  text.hidden = !s.screenText;
  text.textContent = s.screenText || '';
  $('rules').replaceChildren(...(s.rules.length
    ? s.rules.map((r) => h('li', {}, ruleChip(r)))
    : [h('li', { className: 'muted' }, 'none')]));

  const events = $('events');
  const hadFocus = events.contains(document.activeElement);
  events.replaceChildren(...(s.possible.length
    ? s.possible.map((p) => {
      const b = h('button', { type: 'button' }, p.label);
      b.addEventListener('click', () => post('/send', { event: p.event }));
      return b;
    })
    : [h('p', { className: 'muted' }, s.status === 'done' ? 'The flow has ended. Undo or Reset to go on.' : s.status === 'error' ? 'The flow failed. Undo or Reset to go on.' : 'No event is possible here.')]));
  if (hadFocus) (events.querySelector('button') || events).focus();
  $('undo').disabled = busy || !s.canUndo;

  const outcome = $('outcome');
  outcome.hidden = !s.outcome;
  outcome.textContent = s.outcome ? `Outcome: ${s.outcome}` : '';
  outcome.className = `outcome ${GOOD_OUTCOMES.has(s.outcome) ? 'good' : BAD_OUTCOMES.has(s.outcome) ? 'bad' : ''}`;
}

function renderDecision(s) {
  const d = s.decision;
  const rows = [
    ['Wizard', d.wizard], ['Interrupted', d.interrupted ? 'yes' : 'no'], ['Trigger', d.trigger], ['Gate', d.gate],
    ['Offered', d.offered], ['Choices', d.choices], ['Required', d.required], ['Skippable', d.skippable ? 'yes' : 'no'],
    ['Strength', d.strength], ['URL', d.url],
  ];
  $('decision').replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, k === 'URL' && v ? h('code', {}, v) : show(v))]));
  $('reasons').replaceChildren(...(d.reasons.length
    ? d.reasons.map((r) => h('li', {}, h('span', { className: 'part' }, `${r.part}: `), r.text, ' ', r.rules.map(ruleChip)))
    : [h('li', { className: 'muted' }, 'none')]));
}

function renderTrace(s) {
  $('trace').replaceChildren(...s.trace.map((t) => h('li', {},
    t.event === null ? h('span', { className: 'muted' }, '(start)') : h('code', {}, t.event),
    ' → ', h('code', {}, t.state),
    t.audit.map((a) => h('span', { className: `audit-line ${a.includes('| Failure |') ? 'failure' : ''}` }, `audit: ${a}`)))));
  const trace = $('trace');
  trace.lastElementChild?.setAttribute('aria-current', 'step');
}

function renderAudit(s) {
  const body = $('audit').tBodies[0];
  body.replaceChildren(...s.audit.map((a) => h('tr', {},
    h('td', {}, ruleChip({ id: a.rule, summary: a.ruleSummary })), h('td', {}, a.activity),
    h('td', { className: a.status }, a.status), h('td', {}, a.reason))));
  $('audit').hidden = s.audit.length === 0;
  $('audit-empty').hidden = s.audit.length > 0;
}

function renderInspection(s) {
  const i = s.inspection;
  $('inspection-counts').textContent = `${i.total} events: ${Object.entries(i.counts).map(([k, n]) => `${k} ×${n}`).join(', ')}`;
  $('inspection-log').replaceChildren(...i.log.slice().reverse().map((e) => h('li', { value: e.seq }, h('span', { className: 'type' }, e.type), ' ', e.text)));
}

// ── the diagram: fetched as SVG text, parsed (never innerHTML), the current state scrolled into view ──
let diagramKey = '';
let diagramRequest = 0;

async function renderDiagram(s) {
  const key = JSON.stringify([s.visited, s.state]);
  if (key === diagramKey) return;
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
    box.replaceChildren(document.importNode(svg, true));
    applyFit();
    scrollToCurrent();
  } catch (e) {
    diagramKey = '';
    $('diagram').replaceChildren(h('p', { className: 'error' }, `The diagram could not be loaded: ${e.message}`));
  }
}

function applyFit() {
  const fit = $('fit').getAttribute('aria-pressed') === 'true';
  $('diagram').classList.toggle('fit', fit);
}

function scrollToCurrent() {
  const box = $('diagram');
  const node = box.querySelector('.current');
  if (!node) return;
  const b = box.getBoundingClientRect();
  const n = node.getBoundingClientRect();
  box.scrollLeft += n.left - b.left - (b.width - n.width) / 2;
  box.scrollTop += n.top - b.top - (b.height - n.height) / 2;
}

function render(s) {
  latest = s;
  renderHeader(s);
  renderScreen(s);
  renderDecision(s);
  renderTrace(s);
  renderAudit(s);
  renderInspection(s);
  renderDiagram(s);
  // The machine threw (a bug in regsim): say so until Undo or Reset moves on.
  if (s.status === 'error') showError(`regsim failed here: ${s.error}. Undo or Reset to go on.`);
  document.body.dataset.state = s.state;
  document.body.dataset.status = s.status;
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
  $('reset').addEventListener('click', () => post('/reset'));
  $('fit').addEventListener('click', () => {
    const on = $('fit').getAttribute('aria-pressed') !== 'true';
    $('fit').setAttribute('aria-pressed', String(on));
    applyFit();
    scrollToCurrent();
  });
  connect();
});
