// What the box's Vulkan set-up says about WebGPU before Dawn is asked: is there a Vulkan loader, and when
// an NVIDIA GPU is present, is its Vulkan driver part there too? NVIDIA containers get that part (the
// nvidia_icd.json manifest and libGLX_nvidia.so.0) only with the driver's graphics capability, which
// compute-only images (the usual CUDA image) leave out. File checks only; the folders are parameters so
// a test can stand in a container's file tree.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export interface DriverFiles {
  /** Where to look, as on the box (tests pass a folder laid out like one). */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
}

const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/usr/local/nvidia/lib64', '/usr/local/nvidia/lib'];
const ICD_DIRS = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
const FIX = 'start the container with NVIDIA_DRIVER_CAPABILITIES=all (or compute,utility,graphics) so the driver\'s Vulkan part is mounted';

const here: DriverFiles = { root: '/', env: process.env };

function libraryFound(files: DriverFiles, name: string): boolean {
  if (isAbsolute(name)) return existsSync(join(files.root, name));
  return LIB_DIRS.some((dir) => existsSync(join(files.root, dir, name)));
}

/** True when the Vulkan loader (libvulkan.so.1) is installed. */
export function vulkanLoaderPresent(files: DriverFiles = here): boolean {
  return libraryFound(files, 'libvulkan.so.1');
}

/** Why an NVIDIA GPU here cannot be a Vulkan (so WebGPU) device, with the variable to set; undefined when fine or no NVIDIA GPU. */
export function nvidiaVulkanProblem(files: DriverFiles = here): string | undefined {
  const driver = existsSync(join(files.root, '/proc/driver/nvidia/version')) || existsSync(join(files.root, '/dev/nvidiactl'));
  if (!driver) return undefined;
  const caps = files.env.NVIDIA_DRIVER_CAPABILITIES;
  if (caps !== undefined && caps !== '' && !caps.split(',').some((c) => ['all', 'graphics'].includes(c.trim()))) {
    return `an NVIDIA GPU is present but NVIDIA_DRIVER_CAPABILITIES=${caps} lacks graphics, so its Vulkan driver is not in this container: ${FIX}`;
  }
  const manifests = ICD_DIRS.flatMap((dir) => {
    const full = join(files.root, dir);
    return existsSync(full) ? readdirSync(full).filter((f) => /nvidia/i.test(f)).map((f) => join(full, f)) : [];
  });
  if (manifests.length === 0) return `an NVIDIA GPU is present but its Vulkan driver manifest (nvidia_icd.json) is not: ${FIX}`;
  for (const manifest of manifests) {
    let lib = 'libGLX_nvidia.so.0';
    try {
      lib = (JSON.parse(readFileSync(manifest, 'utf8')) as { ICD?: { library_path?: string } }).ICD?.library_path ?? lib;
    } catch {
      // An unreadable manifest: judge by the usual library name.
    }
    if (libraryFound(files, lib)) return undefined;
  }
  return `an NVIDIA GPU is present but the library its Vulkan manifest names (libGLX_nvidia.so.0) is not: ${FIX}`;
}
