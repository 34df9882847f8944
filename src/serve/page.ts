// The watch page: one HTML document with its style and script inline (the box may have no internet, and
// the page loads nothing else), narrow-screen first. The script renders the state the event stream sends.
import { QUEUE_HTML, QUEUE_SCRIPT, QUEUE_STYLE } from './page-queue.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.4 system-ui,sans-serif;background:#111;color:#eee}
main{max-width:960px;margin:auto;padding:12px}h1{font-size:20px;margin:4px 0 12px}h2{font-size:17px;margin:18px 0 8px}
section{background:#1c1c1c;border-radius:8px;padding:10px 12px;margin:10px 0}
.muted{color:#999}.ok{color:#7c7}.bad{color:#f77}.warn{color:#fc6}
.bar{height:14px;background:#333;border-radius:7px;overflow:hidden;margin:4px 0}.fill{height:100%;background:#4a9eff;width:0}
.stage{margin:8px 0}.numbers{font-variant-numeric:tabular-nums}
img{max-width:100%;height:auto;image-rendering:auto;display:block}
#logs{font:12px/1.35 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all;max-height:40vh;overflow:auto;margin:0}
.compare{position:relative;display:inline-block;max-width:100%;line-height:0}
.compare .before{position:absolute;inset:0;clip-path:inset(0 50% 0 0)}.compare .before img{width:100%;height:100%}
.compare-slider{width:100%;margin:8px 0}.tag{font-size:12px;color:#999}
ul{margin:4px 0;padding-left:20px}
`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const esc = (t) => String(t).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
// The terminal bar's formatting of seconds: h:mm:ss or m:ss.
const dur = (s) => {
  if (s === undefined || s === null || !isFinite(s)) return '--:--';
  s = Math.round(s); const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), ss = String(s % 60).padStart(2, '0');
  return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + ss : m + ':' + ss;
};
const stage = (e) => {
  const pct = e.total ? Math.min(100, (100 * e.done) / e.total) : 0;
  const total = e.total === undefined || e.total === null ? '' : '/' + e.total;
  return '<div class="stage" data-stage="' + esc(e.stage) + '"><div>' + esc(e.stage) + '</div>' +
    '<div class="bar"><div class="fill" style="width:' + pct.toFixed(1) + '%"></div></div>' +
    '<div class="numbers stage-text">' + e.done + total + ' ' + esc(e.unit) + ' · ' + e.rate.toFixed(1) + ' ' + esc(e.unit) + '/s · elapsed ' + dur(e.elapsedSeconds) + ' · ETA ' + dur(e.etaSeconds) + '</div></div>';
};
const job = (j) => '<section class="job"><div><b>' + esc(j.id) + '</b> <span class="' + (j.state === 'failed' ? 'bad' : j.state === 'done' ? 'ok' : 'warn') + '">' + esc(j.state) + '</span></div>' +
  (j.plan ? '<div class="muted">' + esc(j.plan) + '</div>' : '') +
  j.engines.map((e) => '<div class="engine">' + esc(e.words) + '</div>').join('') +
  j.stages.map(stage).join('') + (j.error ? '<div class="bad">' + esc(j.error) + '</div>' : '') + '</section>';
const upload = (o) => (o.upload ? 'stored at ' + esc(o.upload.url) + ', verified by ' + esc(o.upload.check) : '');
const output = (o) => {
  const av = o.avOffsetSeconds === undefined || o.avOffsetSeconds === null ? 'no audio offset measured' : 'A/V offset ' + (o.avOffsetSeconds * 1000).toFixed(0) + ' ms';
  let html = '<section class="output" data-index="' + o.index + '"><div><b>' + esc(o.job ? o.job + ': ' : '') + esc(o.output) + '</b></div>' +
    '<div class="muted">from ' + esc(o.input) + ' · ' + esc(o.fpsIn) + ' → ' + esc(o.fpsOut) + ' fps · ' + o.wallSeconds.toFixed(1) + ' s</div>' +
    '<div class="numbers facts">' + o.framesOut + '/' + o.framesPlanned + ' frames · duration ' + o.durationIn.toFixed(3) + ' s → ' + o.durationOut.toFixed(3) + ' s · ' + av + (o.audio ? '' : ' · no audio') + '</div>' +
    '<ul class="checks">' + o.checks.map((c) => '<li class="ok">' + esc(c) + '</li>').join('') + '</ul>' +
    '<div class="upload ok" id="upload-' + o.index + '">' + upload(o) + '</div>';
  if (o.compare) {
    html += '<div class="tag">before | after at ' + o.compare.seconds.toFixed(2) + ' s: drag the slider</div>' +
      '<div class="compare"><img class="after" alt="result" src="picture/compare-' + o.index + '-result.png" width="' + o.compare.width + '" height="' + o.compare.height + '">' +
      '<div class="before"><img alt="source" src="picture/compare-' + o.index + '-source.png"></div></div>' +
      '<input class="compare-slider" type="range" min="0" max="100" value="50" aria-label="before and after">';
  } else if (o.compareError) html += '<div class="muted">no compare: ' + esc(o.compareError) + '</div>';
  return html + '</section>';
};
const PHASE = { waiting: 'waiting for the result', confirming: 'result seen, confirming', stopping: 'stopping the box', stopped: 'box stopped', 'not-confirmed': 'stopping the box was NOT confirmed' };
const phase = (m) => (m.dryRun && m.phase === 'stopped' ? 'stopping the box: dry run, so only the sentinel was written' : PHASE[m.phase] || m.phase);
const monitor = (m) => '<div><b class="monitor-state ' + (m.phase === 'not-confirmed' ? 'bad' : m.phase === 'waiting' ? '' : 'warn') + '">' + esc(phase(m)) + '</b>' +
  (m.dryRun ? ' <span class="warn">(dry run: nothing is stopped)</span>' : '') + (m.reason ? ' <span class="muted">(' + esc(m.reason) + ')</span>' : '') + '</div>' +
  '<div class="monitor-waits">waits for ' + esc(m.waitingFor) + '</div>' +
  '<div class="numbers monitor-count">confirmed ' + m.streak + '/' + m.confirm + ' · check #' + m.checks + (m.lastCheckAt ? ' at ' + esc(new Date(m.lastCheckAt).toLocaleTimeString()) : '') + '</div>' +
  '<div class="monitor-summary muted">' + esc(m.summary) + '</div>' +
  (m.missing.length ? '<ul class="monitor-missing">' + m.missing.map((x) => '<li>' + esc(x) + '</li>').join('') + '</ul>' : '') +
  '<div>stops the box with ' + esc(m.stopper) + ' after ' + m.confirm + ' passing checks in a row' + (m.stopsBy ? ', or at the latest ' + esc(new Date(m.stopsBy).toLocaleString()) : '') + '</div>';
let shownOutputs = 0, thumbSeq = 0;
function render(s) {
  const watching = s.queue && s.jobs.every((j) => j.state !== 'working');
  $('status').textContent = watching ? 'watching the queue' : s.finished ? 'finished' : 'working';
  $('status').className = s.finished || watching ? 'ok' : 'warn';
  $('jobs').innerHTML = s.jobs.map(job).join('') || (s.monitor || s.outputs.length || s.queue ? '' : '<div class="muted">nothing running</div>');
  renderQueue(s.queue);
  if (s.thumb && s.thumb.seq !== thumbSeq) {
    thumbSeq = s.thumb.seq; $('thumb').src = 'picture/thumb.png?seq=' + thumbSeq; $('thumb-box').hidden = false;
    $('thumb-at').textContent = 'latest frame written, ' + new Date(s.thumb.at).toLocaleTimeString();
  }
  for (; shownOutputs < s.outputs.length; shownOutputs++) $('outputs').insertAdjacentHTML('beforeend', output(s.outputs[shownOutputs]));
  for (const o of s.outputs) $('upload-' + o.index).innerHTML = upload(o);
  $('outputs-box').hidden = s.outputs.length === 0;
  $('monitor-box').hidden = !s.monitor;
  if (s.monitor) $('monitor').innerHTML = monitor(s.monitor);
  const logs = $('logs'), atEnd = logs.scrollTop + logs.clientHeight >= logs.scrollHeight - 4;
  logs.textContent = s.logs.map((l) => l.time.slice(11, 19) + ' ' + (l.level === 'info' ? '' : l.level.toUpperCase() + ' ') + l.msg).join('\\n');
  if (atEnd) logs.scrollTop = logs.scrollHeight;
}
document.addEventListener('input', (e) => {
  if (!e.target.classList.contains('compare-slider')) return;
  const before = e.target.previousElementSibling.querySelector('.before');
  before.style.clipPath = 'inset(0 ' + (100 - Number(e.target.value)) + '% 0 0)';
});
const events = new EventSource('events');
events.onmessage = (e) => render(JSON.parse(e.data));
events.onerror = () => { $('status').textContent = 'not connected (retrying)'; $('status').className = 'bad'; };
`;

/** The page; `title` names what runs ('interup run'). */
export function renderWatchPage(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}${QUEUE_STYLE}</style></head>
<body><main>
<h1>${escapeHtml(title)} <span id="status" class="muted">connecting</span></h1>
<div id="jobs"></div>
<section id="thumb-box" hidden><img id="thumb" alt="latest frame"><div id="thumb-at" class="tag"></div></section>
${QUEUE_HTML}
<section id="monitor-box" hidden><h2>Watchdog</h2><div id="monitor"></div></section>
<div id="outputs-box" hidden><h2>Finished</h2><div id="outputs"></div></div>
<h2>Log</h2><section><pre id="logs"></pre></section>
</main><script>${SCRIPT}${QUEUE_SCRIPT}</script></body></html>
`;
}
