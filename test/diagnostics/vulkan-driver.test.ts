// Why WebGPU cannot start on an NVIDIA box whose container lacks the driver's graphics capability. No
// such box is here, so each case lays out the files a container would have in a temp folder (the only
// stand-in in this file); the checks read exactly those paths.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nvidiaVulkanProblem, vulkanLoaderPresent } from '../../src/engines/onnx/index.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
let n = 0;

// A fresh root holding `files` (path → content).
function box(files: Record<string, string>): string {
  const root = join(tmp.dir, `box-${n++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

const driver = { '/proc/driver/nvidia/version': 'NVRM version: 550.54.15', '/usr/lib/x86_64-linux-gnu/libvulkan.so.1': '' };
const icd = JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: 'libGLX_nvidia.so.0', api_version: '1.3.277' } });

describe('NVIDIA Vulkan driver part (what WebGPU needs on an NVIDIA box)', () => {
  it('no NVIDIA GPU: nothing to say', () => {
    expect(nvidiaVulkanProblem({ root: box({}), env: {} })).toBeUndefined();
  });

  it('a compute-only container (NVIDIA_DRIVER_CAPABILITIES=compute,utility) names the variable to set', () => {
    const problem = nvidiaVulkanProblem({ root: box(driver), env: { NVIDIA_DRIVER_CAPABILITIES: 'compute,utility' } });
    expect(problem).toMatch(/NVIDIA_DRIVER_CAPABILITIES=compute,utility lacks graphics/);
    expect(problem).toMatch(/NVIDIA_DRIVER_CAPABILITIES=all \(or compute,utility,graphics\)/);
  });

  it('the ICD manifest without its library (image ships the json, container lacks the driver part)', () => {
    const root = box({ ...driver, '/usr/share/vulkan/icd.d/nvidia_icd.json': icd });
    expect(nvidiaVulkanProblem({ root, env: {} })).toMatch(/library its Vulkan manifest names \(libGLX_nvidia.so.0\) is not/);
    expect(nvidiaVulkanProblem({ root, env: { NVIDIA_DRIVER_CAPABILITIES: 'all' } })).toMatch(/libGLX_nvidia/);
  });

  it('no manifest at all', () => {
    expect(nvidiaVulkanProblem({ root: box(driver), env: {} })).toMatch(/Vulkan driver manifest \(nvidia_icd.json\) is not/);
  });

  it('graphics capability present: manifest and library found', () => {
    const root = box({ ...driver, '/etc/vulkan/icd.d/nvidia_icd.json': icd, '/usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0': '' });
    expect(nvidiaVulkanProblem({ root, env: { NVIDIA_DRIVER_CAPABILITIES: 'compute,utility,graphics' } })).toBeUndefined();
    expect(vulkanLoaderPresent({ root, env: {} })).toBe(true);
    expect(vulkanLoaderPresent({ root: box({}), env: {} })).toBe(false);
  });
});
