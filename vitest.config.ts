import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The software Vulkan driver scripts/test-mesa.sh unpacks (Mesa 25 lavapipe, which Dawn accepts): the
// WebGPU tests run on it, in the test processes and their CLI children alike. Without it the loader sees
// the system's drivers, and the WebGPU tests fail saying how to get it.
const mesa = resolve(import.meta.dirname, '.cache', 'mesa25', 'lvp_icd.json');
const vulkan = existsSync(mesa) ? { VK_ICD_FILENAMES: mesa } : {};

// Tests drive real ffmpeg, real models and real servers on loopback: generous timeouts, and files run
// in separate forks so one crashing child process cannot take the others down.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    // Before any test: models the user's own cache already holds are copied (sha256 checked), not fetched.
    globalSetup: ['test/helpers/seed-models.ts'],
    // One model cache for every test, CLI children included: weights are fetched from the registry once.
    // The AWS SDK's Node-20 notice off in the test processes themselves (the CLI turns it off on its own:
    // test/cli/interrupt.test.ts runs it with the variable empty and checks).
    env: { INTERUP_MODELS: resolve(import.meta.dirname, '.cache', 'models'), INTERUP_FROM_SOURCE: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...vulkan },
  },
});
