'use strict';
// MIP Gateway console: reads the JSON API with fetch and renders plain tables and one SVG chart.
(function () {
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const c of children.flat()) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return e;
  }

  function table(caption, headers, rows) {
    return el('table', {}, el('caption', {}, caption),
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows));
  }

  // DICOM JSON (PS3.18 F): the first value of a tag, PN as its alphabetic form.
  function v(ds, tag) {
    const a = ds && ds[tag];
    if (!a || !a.Value || !a.Value.length) return '';
    const x = a.Value[0];
    return typeof x === 'object' && x !== null && 'Alphabetic' in x ? x.Alphabetic : x;
  }
  const sps = (item) => (item['00400100'] && item['00400100'].Value && item['00400100'].Value[0]) || {};
  const today = () => { const d = new Date(); return d.getFullYear() + String(d.getMonth() + 1).padStart(2, '0') + String(d.getDate()).padStart(2, '0'); };
  const time = (t) => t ? t.slice(0, 2) + ':' + t.slice(2, 4) : '';

  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!r.ok) { const err = new Error(url + ': HTTP ' + r.status); err.status = r.status; throw err; }
    return r.json();
  }

  async function health() {
    const h = $('health');
    try {
      const r = await fetch('/health');
      const body = await r.json();
      const parts = Object.entries(body.services).map(([k, s]) => k + ' ' + s);
      h.textContent = 'Services: ' + body.status + ' (' + parts.join(', ') + ')';
      h.className = 'health ' + (body.status === 'UP' ? 'up' : 'down');
    } catch (e) {
      h.textContent = 'Gateway unreachable'; h.className = 'health down';
    }
  }

  async function worklist() {
    const box = $('worklist');
    $('worklist-date').textContent = '(' + today().replace(/(\d{4})(\d\d)(\d\d)/, '$1-$2-$3') + ')';
    try {
      const items = await getJson('/api/v1/worklist?date=' + today());
      box.replaceChildren();
      if (!items.length) { box.append(el('p', { class: 'muted' }, 'No bookings today.')); return; }
      const groups = new Map();
      for (const it of items) {
        const s = sps(it);
        const key = (v(s, '00080060') || '?') + ' · ' + (v(s, '00400001') || 'no station');
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(it);
      }
      for (const [key, list] of [...groups.entries()].sort()) {
        list.sort((a, b) => String(v(sps(a), '00400003')).localeCompare(String(v(sps(b), '00400003'))));
        box.append(table(key + ' (' + list.length + ')', ['Time', 'Patient', 'Patient ID', 'Accession', 'Procedure', 'Status'],
          list.map((it) => el('tr', { id: 'acc-' + v(it, '00080050'), 'data-booking': v(it, '00191001') },
            el('td', {}, time(v(sps(it), '00400003'))), el('td', {}, v(it, '00100010')), el('td', {}, v(it, '00100020')),
            el('td', {}, v(it, '00080050')), el('td', {}, v(it, '00321060') || v(sps(it), '00400007')),
            el('td', {}, v(sps(it), '00400020') || 'SCHEDULED')))));
      }
    } catch (e) {
      box.replaceChildren(el('p', { class: 'muted' }, 'Worklist not available: ' + e.message));
    }
  }

  async function studies() {
    const box = $('studies');
    try {
      const list = await getJson('/api/v1/studies?date=' + today());
      box.replaceChildren();
      if (!list.length) { box.append(el('p', { class: 'muted' }, 'No studies received today.')); return; }
      box.append(table('Studies', ['Patient', 'Patient ID', 'Accession', 'Modalities', 'Description', 'Series',
        'Instances', 'Worklist item'],
        list.map((s) => {
          const acc = v(s, '00080050');
          // the booking the archive linked the study to (private (0019,xx01), as on worklist items)
          const booking = v(s, '00191001');
          const row = booking !== '' ? document.querySelector('#worklist tr[data-booking="' + booking + '"]') : null;
          const item = row
            ? el('a', { href: '#' + row.id, title: 'worklist item of this study' },
              row.cells[0].textContent + ' ' + row.closest('table').caption.textContent.replace(/ \(\d+\)$/, ''))
            : booking !== '' ? 'booking ' + booking + ' (not today)' : 'not linked';
          return el('tr', { 'data-accession': acc, 'data-booking': booking },
            el('td', {}, v(s, '00100010')), el('td', {}, v(s, '00100020')), el('td', {}, acc),
            el('td', {}, ((s['00080061'] && s['00080061'].Value) || []).join(', ')),
            el('td', {}, v(s, '00081030')), el('td', { class: 'num' }, v(s, '00201206')),
            el('td', { class: 'num instances' }, v(s, '00201208')), el('td', {}, item));
        })));
    } catch (e) {
      box.replaceChildren(el('p', { class: 'muted' }, e.status === 404 || e.status === 405
        ? 'Received studies: not available in this version.' : 'Studies not available: ' + e.message));
    }
  }

  async function retry(id) {
    const msg = $('outbox-message');
    try {
      const r = await fetch('/api/v1/outbox/' + id + '/retry', { method: 'POST', credentials: 'same-origin' });
      msg.textContent = r.ok ? 'Report ' + id + ' queued for another delivery.' : 'Retry of report ' + id + ' refused: HTTP ' + r.status;
    } catch (e) {
      msg.textContent = 'Retry failed: ' + e.message;
    }
    outbox();
  }

  async function outbox() {
    const box = $('outbox');
    try {
      const list = await getJson('/api/v1/outbox');
      box.replaceChildren();
      if (!list.length) { box.append(el('p', { class: 'muted' }, 'No reports yet.')); return; }
      const rank = (e) => (e.urgent ? 0 : 2) + (e.state === 'delivered' ? 1 : 0);
      list.sort((a, b) => rank(a) - rank(b) || b.id - a.id);
      box.append(table('Deliveries, urgent first', ['Priority', 'Accession', 'Referrer', 'Status', 'State', 'Attempts', 'Last error', 'Created', 'Latency', ''],
        list.map((e) => el('tr', { class: (e.urgent ? 'urgent ' : '') + (e.state === 'failed' ? 'failed' : e.state !== 'delivered' ? 'undelivered' : ''),
          'data-accession': e.accessionNumber },
          el('td', {}, e.urgent ? el('span', { class: 'badge urgent' }, 'URGENT') : 'routine'),
          el('td', {}, e.accessionNumber), el('td', {}, e.referrer), el('td', {}, e.status),
          el('td', {}, e.state), el('td', {}, e.attempts), el('td', {}, e.lastError || ''),
          el('td', {}, e.createdAt ? new Date(e.createdAt).toLocaleString() : ''),
          el('td', {}, e.latencyMs == null ? '' : (e.latencyMs / 1000).toFixed(1) + ' s'),
          el('td', {}, e.state === 'delivered' ? '' : el('button', { type: 'button', onclick: () => retry(e.id),
            'aria-label': 'Send report ' + e.accessionNumber + ' again' }, 'Retry'))))));
    } catch (e) {
      box.replaceChildren(el('p', { class: 'muted' }, 'Outbox not available: ' + e.message));
    }
  }

  const SERIES = [['orderToImages', 'order → images received', '#6a3d9a'], ['imagesToReport', 'images → report', '#0b4f8a'],
    ['reportToAck', 'report → referrer ACK', '#f0a500'], ['orderToAck', 'order → ACK (total)', '#1d6b36']];

  async function turnaround() {
    const box = $('turnaround');
    try {
      const data = await getJson('/api/v1/turnaround?days=7');
      const days = data.days;
      const W = 640, H = 220, L = 48, B = 30, T = 10;
      const max = Math.max(1, ...days.flatMap((d) => SERIES.map(([k]) => d.medianMinutes[k] || 0)));
      const svgNs = 'http://www.w3.org/2000/svg';
      const s = (tag, attrs, text) => { const e = document.createElementNS(svgNs, tag); for (const [k, x] of Object.entries(attrs)) e.setAttribute(k, x); if (text != null) e.textContent = text; return e; };
      const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-labelledby': 'turnaround-title turnaround-desc' });
      svg.append(s('desc', { id: 'turnaround-desc' }, 'Median minutes per day; the table below has the same figures.'));
      const slot = (W - L) / days.length, bw = Math.min(18, (slot - 8) / SERIES.length);
      for (let i = 0; i <= 4; i++) {
        const y = T + (H - B - T) * (1 - i / 4);
        svg.append(s('line', { x1: L, x2: W, y1: y, y2: y, stroke: '#d4d9df' }));
        svg.append(s('text', { x: L - 4, y: y + 4, 'text-anchor': 'end' }, (max * i / 4).toFixed(max < 10 ? 2 : 0)));
      }
      days.forEach((d, i) => {
        const x0 = L + i * slot + (slot - bw * SERIES.length) / 2;
        SERIES.forEach(([k, label, color], j) => {
          const val = d.medianMinutes[k];
          if (val == null) return;
          const h = (H - B - T) * val / max;
          const r = s('rect', { x: x0 + j * bw, y: H - B - h, width: bw - 2, height: Math.max(h, 1), fill: color });
          r.append(s('title', {}, d.date + ' ' + label + ': ' + val + ' min'));
          svg.append(r);
        });
        svg.append(s('text', { x: L + i * slot + slot / 2, y: H - 10, 'text-anchor': 'middle' }, d.date.slice(5)));
      });
      const legend = el('p', { class: 'legend' }, SERIES.map(([, label, color]) => el('span', {}, el('i', { style: 'background:' + color }), label)));
      const note = data.imagesAvailable ? ' Images received: the first image of a study linked to the order\'s worklist item.'
        : ' Image arrival is not recorded by this version.';
      box.replaceChildren(svg, legend,
        table('Figures', ['Day', 'Orders', 'Images received', 'Reported', 'Acknowledged', ...SERIES.map(([, l]) => l + ' (min)')],
          days.map((d) => el('tr', { 'data-date': d.date }, el('td', {}, d.date), el('td', {}, d.orders),
            el('td', { class: 'imaged' }, d.imaged == null ? '–' : d.imaged), el('td', {}, d.reported), el('td', {}, d.acknowledged),
            SERIES.map(([k]) => el('td', { 'data-series': k }, d.medianMinutes[k] == null ? '–' : d.medianMinutes[k]))))),
        el('p', { class: 'muted' }, 'Days are counted from the order\'s arrival (' + data.zone + ').' + note));
    } catch (e) {
      box.replaceChildren(el('p', { class: 'muted' }, 'Turnaround not available: ' + e.message));
    }
  }

  async function refreshAll() {
    await Promise.all([health(), worklist().then(studies), outbox(), turnaround()]);
    document.body.dataset.loaded = String(Date.now());
  }

  $('refresh').addEventListener('click', refreshAll);
  refreshAll();
  setInterval(refreshAll, 30000);
})();
