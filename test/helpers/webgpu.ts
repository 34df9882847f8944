// The WebGPU tests run ONNX Runtime's WebGPU provider for real. On a machine without a GPU that is Mesa 25's
// lavapipe, which scripts/test-mesa.sh unpacks into .cache/mesa25 (setup.sh with INTERUP_WITH_TEST_DEPS=1)
// and vitest.config.ts points the Vulkan loader at. When WebGPU does not start, these tests fail saying so:
// they never skip.
import { probeWebgpu, type WebgpuProbe } from '../../src/engines/onnx/index.js';

/** The WebGPU probe's answer; throws with what to do when no adapter starts. */
export async function requireWebgpu(): Promise<WebgpuProbe> {
  const probe = await probeWebgpu('any');
  if (!probe.ok) {
    throw new Error(
      `WebGPU did not start here (${probe.reason ?? 'no reason given'}); VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? '(unset)'}. ` +
        'Run INTERUP_WITH_TEST_DEPS=1 scripts/setup.sh: it unpacks Mesa 25 lavapipe (which WebGPU accepts) into .cache/mesa25 for the tests.',
    );
  }
  return probe;
}

/** Largest difference between two rgb48le frames' samples, in 1/255 steps of the 16-bit range (257 per step). */
export function maxAbsDiff16(a: Buffer, b: Buffer): number {
  let m = 0;
  for (let i = 0; i + 1 < a.length; i += 2) m = Math.max(m, Math.abs(a.readUInt16LE(i) - b.readUInt16LE(i)));
  return m / 257;
}
