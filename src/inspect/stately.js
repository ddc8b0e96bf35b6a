// regsim inspect, Stately page: relays the session's inspection events (as
// @statelyai/inspect converted them on the server) from the server's event
// stream into the embedded Stately Inspector, the way the library's own
// browser bridge does: everything received is posted again each time the
// inspector says it is connected (it says so again after a reload).
'use strict';

const frame = document.getElementById('inspector');
const status = document.getElementById('status');
const inspectorOrigin = new URL(frame.dataset.src).origin;
const received = [];
let connected = false;

function post(event) {
  frame.contentWindow.postMessage(event, inspectorOrigin);
}

function showStatus() {
  status.textContent = `${connected ? 'inspector connected' : 'waiting for the inspector'} · ${received.length} event${received.length === 1 ? '' : 's'}`;
}

window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || e.origin !== inspectorOrigin) return;
  if (!e.data || e.data.type !== '@statelyai.connected') return;
  connected = true;
  for (const event of received) post(event);
  showStatus();
});
// The inspector says it is connected once, as soon as it has loaded: it is loaded only now that someone listens.
frame.src = frame.dataset.src;

// EventSource sends Last-Event-ID when it reconnects, so the server resends only what was missed.
const source = new EventSource('/stately/events');
source.addEventListener('inspection', (m) => {
  const event = JSON.parse(m.data);
  received.push(event);
  if (connected) post(event);
  showStatus();
});
source.onerror = () => { status.textContent = 'disconnected from regsim inspect; retrying…'; };
