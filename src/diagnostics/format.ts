// The doctor report as lines for a person.
import type { DoctorReport } from './doctor.js';

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

// " (name; vendor V, type T, driver D) — software: skipped by auto" or " (name)".
function adapter(p: DoctorReport['onnxruntime']['providers'][number]): string {
  const a = p.adapterInfo;
  const named = a ? ` (${a.name}; vendor ${a.vendor}, type ${a.type}, driver ${a.driver})` : p.adapter ? ` (${p.adapter})` : '';
  return `${named}${p.software ? ' — software: skipped by auto (used only with --device webgpu)' : ''}`;
}

/** Human-readable doctor report. */
export function formatDoctor(r: DoctorReport): string {
  const lines: string[] = [];
  lines.push(`node         ${r.node.version} (${r.node.platform}/${r.node.arch})`);
  lines.push(`onnxruntime  ${r.onnxruntime.version ?? 'not installed'}`);
  for (const p of r.onnxruntime.providers) lines.push(`  provider ${p.name.padEnd(9)} ${p.available ? `available${adapter(p)}` : `unavailable: ${p.reason ?? ''}`}`);
  lines.push(`gpu          ${r.gpu.nvidia.length ? r.gpu.nvidia.map((g) => `${g.name} ${g.memoryMiB} MiB driver ${g.driver}`).join('; ') : (r.gpu.note ?? 'none')}`);
  lines.push(`vulkan       ${r.vulkan.devices.length ? r.vulkan.devices.join('; ') : 'no devices'} (from ${r.vulkan.source})${r.vulkan.note ? ` — ${r.vulkan.note}` : ''}`);
  lines.push(`ffmpeg       ${r.ffmpeg.version ?? r.ffmpeg.note ?? 'missing'}`);
  lines.push(`  hw encoders built in: ${r.ffmpeg.hwEncoders.join(', ') || 'none'}${r.ffmpeg.nvencWorks === undefined ? '' : `; NVENC ${r.ffmpeg.nvencWorks ? 'works' : 'does not work here'}`}`);
  lines.push(`models       ${r.models.dir} (${r.models.source})`);
  for (const m of r.models.entries) lines.push(`  ${m.name.padEnd(26)} ${m.state}${m.problems.length ? `: ${m.problems.join('; ')}` : ''}`);
  for (const d of r.disk) lines.push(`disk         ${d.path}: ${'freeBytes' in d ? `${gib(d.freeBytes)} free of ${gib(d.totalBytes)}` : d.note}`);
  lines.push(`interpolation --prefer auto → ${r.interpolation.autoPick}`);
  for (const c of r.interpolation.candidates) lines.push(`  ${c.id.padEnd(10)} ${c.ok ? 'ready' : `not ready: ${c.reason ?? ''}`}`);
  return `${lines.join('\n')}\n`;
}
