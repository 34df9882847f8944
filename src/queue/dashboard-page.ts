// interup's own page beside bull-board: what bull-board cannot know about this tool, per batch — each
// video's segments done/total, frames, who holds what, failures, and links to the result manifests.
import type { BatchStatus } from './status.js';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function jobRows(batch: BatchStatus): string {
  return batch.jobs
    .map((j) => {
      const segments = j.segments ? `${j.segments.done}/${j.segments.total}${j.segments.failed ? ` (${j.segments.failed} failed)` : ''}` : '—';
      const frames = `${j.frames.done}${j.frames.total === undefined ? '' : `/${j.frames.total}`}`;
      const holders = j.holders.map((h) => `${escape(h.worker)}: ${escape(h.stage)} ${h.done}${h.total === undefined ? '' : `/${h.total}`}`).join('<br>');
      const result = j.result
        ? `<a href="manifest/${encodeURIComponent(j.jobId)}">manifest</a> <code>${escape(j.result.url)}</code>`
        : j.error
          ? `<span class="error">${escape(j.error)}</span>`
          : '';
      return `<tr data-job="${escape(j.jobId)}"><td>${escape(j.id)}</td><td class="state ${escape(j.state)}">${escape(j.state)}</td><td>${segments}</td><td>${frames}</td><td>${holders}</td><td>${result}</td></tr>`;
    })
    .join('\n');
}

/** The whole page for these batches (newest first). */
export function renderDashboardPage(queue: string, batches: BatchStatus[]): string {
  const sections = batches
    .map((b) => {
      const rate = b.rate ? `, ${b.rate.toFixed(1)} frames/s, ETA ${Math.round(b.etaSeconds ?? 0)} s` : '';
      return `<section><h2>Batch <code>${escape(b.id)}</code></h2>
<p>submitted ${escape(b.submittedAt)} — ${b.verified}/${b.total} verified, ${b.failed} failed, frames ${b.frames.done}${b.frames.total === undefined ? '' : `/${b.frames.total}`}${rate}</p>
<table><thead><tr><th>job</th><th>state</th><th>segments</th><th>frames</th><th>held by</th><th>result</th></tr></thead><tbody>
${jobRows(b)}
</tbody></table></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>interup queue ${escape(queue)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
.completed{color:#080}.failed,.error{color:#b00}.active{color:#00b}</style></head>
<body><h1>interup queue <code>${escape(queue)}</code></h1>
<p><a href="board/">bull-board</a>: every job, segment and worker queue as BullMQ sees it.</p>
${sections || '<p>No batches submitted yet.</p>'}
</body></html>
`;
}
