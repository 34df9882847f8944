// The error for a malformed or unsupported ncnn model: names the file, the line or byte, and the layer.
import { InterupError } from '../../util/index.js';

export class NcnnFormatError extends InterupError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super('NCNN_FORMAT', message, {
      hint: options.hint ?? 'The model files are damaged or not an ncnn model this converter knows; run `interup models fetch --force NAME`.',
      cause: options.cause,
    });
    this.name = 'NcnnFormatError';
  }
}
