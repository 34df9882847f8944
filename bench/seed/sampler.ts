// Samples a running process tree while a bench runs: the summed resident memory of the root and all its
// descendants (from /proc), and the bytes and files under the folders it may write temporaries to.
// Sampling (every `intervalMs`) can miss a short spike; both sides of a comparison are sampled alike.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface TreeSample {
  /** Highest sum of VmRSS over the tree seen, in bytes. */
  peakRssBytes: number;
  /** Highest total size of the watched folders seen, in bytes. */
  peakDiskBytes: number;
  /** Highest number of files in the watched folders seen. */
  peakFiles: number;
  /** Highest number of *.png files in the watched folders seen (frame files). */
  peakPngFiles: number;
  samples: number;
}

const PAGE = 4096;

// Parent pid of every live process, from /proc/<pid>/stat (field 4; the name in field 2 may hold spaces).
function parents(): Map<number, number> {
  const result = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      result.set(Number(name), Number(fields[1]));
    } catch {
      // The process ended between readdir and read.
    }
  }
  return result;
}

/** Resident bytes of `root` and every descendant right now. */
export function treeRssBytes(root: number): number {
  const ppid = parents();
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of ppid) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let bytes = 0;
  for (const pid of tree) {
    try {
      // statm field 2: resident pages.
      bytes += Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * PAGE;
    } catch {
      // Gone already.
    }
  }
  return bytes;
}

/** Bytes, files and PNG files under `dir` (recursively); a missing folder counts as empty. */
export function folderUsage(dir: string): { bytes: number; files: number; pngs: number } {
  const total = { bytes: 0, files: 0, pngs: 0 };
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return total;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      const sub = folderUsage(path);
      total.bytes += sub.bytes;
      total.files += sub.files;
      total.pngs += sub.pngs;
    } else {
      try {
        total.bytes += statSync(path).size;
        total.files++;
        if (e.name.endsWith('.png')) total.pngs++;
      } catch {
        // Removed meanwhile.
      }
    }
  }
  return total;
}

/** Starts sampling; `stop()` takes one last sample and returns the peaks. */
export function sampleTree(root: number, dirs: readonly string[], intervalMs = 200): { stop: () => TreeSample } {
  const peak: TreeSample = { peakRssBytes: 0, peakDiskBytes: 0, peakFiles: 0, peakPngFiles: 0, samples: 0 };
  const tick = (): void => {
    peak.peakRssBytes = Math.max(peak.peakRssBytes, treeRssBytes(root));
    let bytes = 0;
    let files = 0;
    let pngs = 0;
    for (const d of dirs) {
      const u = folderUsage(d);
      bytes += u.bytes;
      files += u.files;
      pngs += u.pngs;
    }
    peak.peakDiskBytes = Math.max(peak.peakDiskBytes, bytes);
    peak.peakFiles = Math.max(peak.peakFiles, files);
    peak.peakPngFiles = Math.max(peak.peakPngFiles, pngs);
    peak.samples++;
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { ...peak };
    },
  };
}
