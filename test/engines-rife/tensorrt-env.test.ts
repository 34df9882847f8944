// TensorRT's engine cache is configured through ORT_TENSORRT_* variables (onnxruntime-node passes no
// TensorRT options). No GPU here, so this checks the settings a TensorRT session would be created with.
import { describe, expect, it } from 'vitest';
import { tensorrtEnv } from '../../src/engines/onnx/tensorrt-env.js';

describe('TensorRT engine cache settings', () => {
  it('caches engines beside the converted model', () => {
    expect(tensorrtEnv('/models/rife-v4.6/onnx/rife-v4.6-fp16-abc.onnx', {})).toEqual({
      ORT_TENSORRT_ENGINE_CACHE_ENABLE: '1',
      ORT_TENSORRT_CACHE_PATH: '/models/rife-v4.6/onnx/tensorrt-cache',
      ORT_TENSORRT_TIMING_CACHE_ENABLE: '1',
    });
  });

  it('never overrides what the user exported', () => {
    const add = tensorrtEnv('/m/x.onnx', { ORT_TENSORRT_ENGINE_CACHE_ENABLE: '0', ORT_TENSORRT_CACHE_PATH: '/fast/disk' });
    expect(add).toEqual({ ORT_TENSORRT_TIMING_CACHE_ENABLE: '1' });
  });
});
