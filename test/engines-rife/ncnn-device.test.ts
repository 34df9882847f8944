// Which Vulkan device rife-ncnn-vulkan runs on: a hardware one, never a software renderer (lavapipe). The
// choice is tested on stated device lists (the lavapipe lines are the binary's real stderr on Mesa 25.0.7
// here, the NVIDIA line a stand-in: a real GPU cannot run here), then for real: the test run's Vulkan is
// Mesa 25 lavapipe (vitest.config.ts), so the binary sees only a software device and the engine must take
// ncnn's CPU path and say why.
import { describe, expect, it } from 'vitest';
import { chooseNcnnDevice, parseNcnnDeviceRequest, parseNcnnDevices, probeNcnnDevices, rifeNcnnFactory, RIFE_NCNN_MODEL } from '../../src/engines/ncnn/index.js';
import { ncnnGpu } from '../../src/settings/index.js';
import { memoryLogger } from '../../src/util/logger.js';
import { join } from 'node:path';
import { realModel, TEST_MODELS_DIR } from '../models/real-models.js';
import { ffmpegFrames, maxAbsDiff } from './frames.js';
import { InputError } from '../../src/util/errors.js';
import { footage } from '../helpers/footage.js';

// rife-ncnn-vulkan's stderr on start with Mesa 25's lavapipe (captured here).
const LAVAPIPE = `[0 llvmpipe (LLVM 15.0.6, 256 bits)]  queueC=0[1]  queueG=0[1]  queueT=0[1]
[0 llvmpipe (LLVM 15.0.6, 256 bits)]  bugsbn1=0  bugbilz=0  bugcopc=0  bugihfa=0
[0 llvmpipe (LLVM 15.0.6, 256 bits)]  fp16-p/s/a=1/1/1  int8-p/s/a=1/1/1
[0 llvmpipe (LLVM 15.0.6, 256 bits)]  subgroup=8  basic=1  vote=1  ballot=1  shuffle=1
`;
const NVIDIA = `[1 NVIDIA GeForce RTX 4090]  queueC=2[8]  queueG=0[16]  queueT=1[2]
[1 NVIDIA GeForce RTX 4090]  fp16-p/s/a=1/1/1  int8-p/s/a=1/1/1
`;

describe('the Vulkan device rife-ncnn-vulkan runs on', () => {
  it('reads the devices the binary prints, each once, lavapipe marked software', () => {
    expect(parseNcnnDevices(LAVAPIPE + NVIDIA)).toEqual([
      { index: 0, name: 'llvmpipe (LLVM 15.0.6, 256 bits)', software: true },
      { index: 1, name: 'NVIDIA GeForce RTX 4090', software: false },
    ]);
  });

  it('a real GPU beside lavapipe is taken; lavapipe alone, or no device, gives the CPU path (-g -1)', () => {
    const [lavapipe, nvidia] = parseNcnnDevices(LAVAPIPE + NVIDIA);
    expect(chooseNcnnDevice([lavapipe, nvidia])).toEqual({ gpu: 1, name: 'NVIDIA GeForce RTX 4090', skipped: [lavapipe] });
    expect(chooseNcnnDevice([{ ...nvidia, index: 0 }, { ...lavapipe, index: 1 }])).toMatchObject({ gpu: 0, name: 'NVIDIA GeForce RTX 4090' });
    expect(chooseNcnnDevice([lavapipe])).toEqual({ gpu: -1, skipped: [lavapipe] });
    expect(chooseNcnnDevice([{ index: 0, name: 'SwiftShader Device (Subzero)', software: true }]).gpu).toBe(-1);
    expect(chooseNcnnDevice([])).toEqual({ gpu: -1, skipped: [] });
  });

  it('a device named in INTERUP_NCNN_GPU is taken as asked, a software one marked so; cpu is the CPU path; an unlisted number is no choice', () => {
    const [lavapipe, nvidia] = parseNcnnDevices(LAVAPIPE + NVIDIA);
    expect(chooseNcnnDevice([lavapipe, nvidia], 0)).toEqual({ gpu: 0, name: 'llvmpipe (LLVM 15.0.6, 256 bits)', skipped: [], software: true });
    expect(chooseNcnnDevice([lavapipe, nvidia], 1)).toEqual({ gpu: 1, name: 'NVIDIA GeForce RTX 4090', skipped: [] });
    expect(chooseNcnnDevice([lavapipe, nvidia], 'cpu')).toEqual({ gpu: -1, skipped: [] });
    expect(chooseNcnnDevice([lavapipe], 2)).toBeUndefined();
    expect(parseNcnnDeviceRequest(undefined)).toBe('auto');
    expect(parseNcnnDeviceRequest(' 0 ')).toBe(0);
    expect(parseNcnnDeviceRequest('cpu')).toBe('cpu');
    expect(() => ncnnGpu.parse('lavapipe')).toThrow('Expected auto, cpu or a Vulkan device number (0, 1, …) for INTERUP_NCNN_GPU but received "lavapipe".');
  });

  it('with only lavapipe on this machine, --prefer ncnn runs ncnn\'s CPU path and the log says the device is software', async () => {
    await realModel('rife-v4.6');
    // The binary sees the test run's Vulkan: Mesa 25 lavapipe, a software device (none else is given to it).
    const { devices } = await probeNcnnDevices(join(TEST_MODELS_DIR, RIFE_NCNN_MODEL));
    expect(devices.length, 'rife-ncnn-vulkan listed no Vulkan device: is .cache/mesa25 there (INTERUP_WITH_TEST_DEPS=1 scripts/setup.sh)?').toBeGreaterThan(0);
    expect(devices.every((d) => d.software)).toBe(true);
    const logger = memoryLogger();
    const engine = await rifeNcnnFactory.create({ logger, modelsDir: TEST_MODELS_DIR, device: 'auto', threads: 2 });
    try {
      expect(engine.info.device).toBe('cpu');
      const skip = logger.records.find((r) => r.msg.includes('is software'));
      expect(skip).toMatchObject({ level: 'info' });
      expect(skip?.msg).toBe(`rife-ncnn: Vulkan device 0 ${devices[0].name} is software (the CPU emulating a GPU): skipped; ncnn's CPU path (-g -1) runs instead, the same work without the emulation`);
      // And it runs: one real in-between frame of the size asked.
      const [a, b] = await ffmpegFrames(['-i', await footage('motion.mov'), '-frames:v', '2'], 64, 64);
      const out = await engine.interpolate(a, b, 0.5);
      expect([out.width, out.height]).toEqual([64, 64]);
    } finally {
      await engine.dispose();
    }
  }, 120_000);
  it('INTERUP_NCNN_GPU=0 runs rife-ncnn-vulkan on the tests\' lavapipe when asked, says it is software, and gives the CPU path\'s frame; a number it does not list is refused naming the devices', async () => {
    await realModel('rife-v4.6');
    const [a, b] = await ffmpegFrames(['-i', await footage('motion.mov'), '-frames:v', '2'], 64, 64);
    const make = async (asked: string | undefined, logger = memoryLogger()) => {
      const before = process.env.INTERUP_NCNN_GPU;
      if (asked === undefined) delete process.env.INTERUP_NCNN_GPU;
      else process.env.INTERUP_NCNN_GPU = asked;
      try {
        return await rifeNcnnFactory.create({ logger, modelsDir: TEST_MODELS_DIR, device: 'auto', threads: 2 });
      } finally {
        if (before === undefined) delete process.env.INTERUP_NCNN_GPU;
        else process.env.INTERUP_NCNN_GPU = before;
      }
    };
    const logger = memoryLogger();
    const onLavapipe = await make('0', logger);
    const onCpu = await make(undefined);
    try {
      expect(onLavapipe.info.device).toMatch(/^vulkan:llvmpipe/);
      expect(onCpu.info.device).toBe('cpu');
      const note = logger.records.find((r) => r.msg.includes('is software'));
      expect(note).toMatchObject({ level: 'info' });
      expect(note?.msg).toMatch(/^rife-ncnn: Vulkan device 0 llvmpipe .* is software \(the CPU emulating a GPU\): used because INTERUP_NCNN_GPU=0 asks for it; /);
      const [gpuFrame, cpuFrame] = [await onLavapipe.interpolate(a, b, 0.5), await onCpu.interpolate(a, b, 0.5)];
      // The same network on lavapipe's Vulkan and on ncnn's CPU path: fp16 storage on one side, so within 2/255.
      expect(maxAbsDiff(gpuFrame, cpuFrame)).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all([onLavapipe.dispose(), onCpu.dispose()]);
    }
    await expect(make('7')).rejects.toThrow(/^INTERUP_NCNN_GPU=7 names no Vulkan device that rife-ncnn-vulkan sees: it lists 0 llvmpipe/);
    await expect(make('7')).rejects.toBeInstanceOf(InputError);
  }, 240_000);
});
