// The GPU check as a table for a person (the JSON holds the same rows).
import { FP32_GOAL, type GpuCheckReport } from './gpu-check.js';

function cell(value: string, width: number): string {
  return value.length >= width ? value : value + ' '.repeat(width - value.length);
}

/** Machine, note, then one line per row: task, provider, precision, size, fps, difference from the CPU, GPU memory, result and the device it ran on. */
export function formatGpuCheck(report: GpuCheckReport): string {
  const lines = [
    `machine      ${report.machine.cpu} (${report.machine.cores} cores); GPU: ${report.machine.gpus.join('; ') || 'none'}; hardware Vulkan: ${report.machine.hardwareVulkan.join('; ') || 'none'}; onnxruntime ${report.machine.onnxruntime ?? '?'}`,
    `note         ${report.note}`,
    `frames       ${report.frames}`,
    `goal         fp32 rows within ${FP32_GOAL}/255 of the CPU (max abs diff); fp16 reported`,
    '',
  ];
  const head = ['task', 'provider', 'prec', 'size', 'fps', 'max diff', 'mean diff', 'GPU MiB', 'result'];
  const widths = [8, 34, 5, 10, 9, 9, 10, 8, 0];
  lines.push(head.map((h, i) => cell(h, widths[i])).join(' ').trimEnd());
  for (const r of report.rows) {
    const verdict = !r.started ? `did not start: ${r.error ?? ''}` : r.withinGoal === undefined ? 'reported' : r.withinGoal ? 'ok' : `over the ${FP32_GOAL}/255 goal`;
    const on = r.adapter ? `; on ${r.adapter}${r.software ? ' [SOFTWARE: not a GPU]' : ''}` : '';
    const result = `${verdict}${r.note ? ` (${r.note})` : ''}${on}`;
    const values = [
      r.task,
      r.provider,
      r.precision,
      r.size,
      r.fps === undefined ? '-' : r.fps.toFixed(r.fps < 10 ? 2 : 1),
      r.maxAbsDiff === undefined ? '-' : String(r.maxAbsDiff),
      r.meanAbsDiff === undefined ? '-' : r.meanAbsDiff.toFixed(3),
      r.gpuMemoryMiB === undefined ? '-' : String(r.gpuMemoryMiB),
      result,
    ];
    lines.push(values.map((v, i) => cell(v, widths[i])).join(' ').trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
