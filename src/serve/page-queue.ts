// The watch page's queue view (given --redis, or on a queue worker): each batch with its videos, each
// video's segments with their states and who holds them, the workers and what each holds, errors, the
// link to each verified job's manifest and to bull-board. Rendered in the browser from the event stream,
// like the rest of the page; every text goes through esc().

export const QUEUE_STYLE = `
.qjob{border-top:1px solid #333;padding:6px 0}.qjob:first-of-type{border-top:0}
.segments{display:flex;flex-wrap:wrap;gap:4px;list-style:none;padding:0;margin:4px 0}
.seg{font-size:12px;padding:2px 6px;border-radius:4px;background:#333}
.s-completed{background:#1f4d2a}.s-active{background:#1f3d66}.s-failed{background:#662222}
.state.s-completed{color:#7c7;background:none}.state.s-active{color:#8bf;background:none}.state.s-failed{color:#f77;background:none}
.worker{margin:2px 0}code{word-break:break-all}a{color:#8bf}
`;

export const QUEUE_HTML = `<section id="queue-box" hidden><h2>Queue <code id="queue-name"></code></h2>
<div id="queue-links"></div><div id="queue-note" class="bad"></div>
<h3>Workers</h3><ul id="workers"></ul><div id="batches"></div></section>`;

export const QUEUE_SCRIPT = `
const held = (h) => esc(h.worker) + ': ' + esc(h.stage) + ' ' + h.done + (h.total === undefined || h.total === null ? '' : '/' + h.total);
const frames = (f) => f.done + (f.total === undefined || f.total === null ? '' : '/' + f.total);
const segment = (p) => '<li class="seg s-' + esc(p.state) + '" data-segment="' + (p.index + 1) + '" title="frames ' + p.from + '–' + (p.to - 1) + '">' +
  (p.index + 1) + ' <span class="seg-state">' + esc(p.state) + '</span>' + (p.holder ? ' <span class="seg-holder">' + held(p.holder) + '</span>' : '') + '</li>';
const qjob = (j) => {
  const pct = j.frames.total ? Math.min(100, (100 * j.frames.done) / j.frames.total) : 0;
  const holders = j.parts ? '' : j.holders.map((h) => '<div class="muted">held by ' + held(h) + '</div>').join('');
  return '<div class="qjob" data-job="' + esc(j.jobId) + '"><div><b>' + esc(j.id) + '</b> <span class="state s-' + esc(j.state) + '">' + esc(j.state) + '</span> ' +
    '<span class="numbers muted">' + (j.segments ? 'segments ' + j.segments.done + '/' + j.segments.total + (j.segments.failed ? ' (' + j.segments.failed + ' failed)' : '') + ' · ' : '') + 'frames ' + frames(j.frames) + '</span></div>' +
    '<div class="bar"><div class="fill" style="width:' + pct.toFixed(1) + '%"></div></div>' +
    (j.parts ? '<ol class="segments">' + j.parts.map(segment).join('') + '</ol>' : '') + holders +
    (j.result ? '<div class="result ok"><a href="manifest/' + esc(encodeURIComponent(j.jobId)) + '">manifest</a> <code>' + esc(j.result.url) + '</code> verified by ' + esc(j.result.check) + '</div>' : '') +
    (j.error ? '<div class="bad error">' + esc(j.error) + '</div>' : '') + '</div>';
};
const qbatch = (b) => '<section class="batch" data-batch="' + esc(b.id) + '"><div><b>Batch <code>' + esc(b.id) + '</code></b></div>' +
  '<div class="numbers muted">submitted ' + esc(new Date(b.submittedAt).toLocaleString()) + ' · ' + b.verified + '/' + b.total + ' verified · ' + b.failed + ' failed · frames ' + frames(b.frames) +
  (b.rate ? ' · ' + b.rate.toFixed(1) + ' frames/s · ETA ' + dur(b.etaSeconds) : '') + '</div>' + b.jobs.map(qjob).join('') + '</section>';
const qworker = (w) => '<li class="worker" data-worker="' + esc(w.name) + '"><b>' + esc(w.name) + '</b>' +
  (w.connectedSeconds === undefined ? '' : ' <span class="muted">connected ' + dur(w.connectedSeconds) + '</span>') + ': ' +
  (w.holds.length ? w.holds.map((h) => 'holds ' + esc(h.job) + (h.segment ? ' segment ' + esc(h.segment) : '') + ' (' + esc(h.stage) + ' ' + h.done + (h.total === undefined || h.total === null ? '' : '/' + h.total) + ')').join(', ') : 'idle') + '</li>';
// Replaced only when it changed: a link being clicked is not swapped for a copy under the pointer.
const shownHtml = new WeakMap();
const setHtml = (el, html) => { if (shownHtml.get(el) !== html) { el.innerHTML = html; shownHtml.set(el, html); } };
function renderQueue(q) {
  $('queue-box').hidden = !q;
  if (!q) return;
  $('queue-name').textContent = q.queue;
  setHtml($('queue-links'), q.board ? '<a id="board-link" href="board/">bull-board</a>: every job, segment and worker queue as BullMQ sees it.' : '');
  $('queue-note').textContent = q.error ? 'Redis could not be read at ' + new Date(q.at).toLocaleTimeString() + ' (' + q.error + '): showing the last reading.' : '';
  setHtml($('workers'), q.workers.map(qworker).join('') || '<li class="muted">no worker connected</li>');
  setHtml($('batches'), q.batches.map(qbatch).join('') || '<div class="muted">No batches submitted yet.</div>');
}
`;
