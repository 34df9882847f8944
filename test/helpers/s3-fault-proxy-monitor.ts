// The watchdog's names for the shared fault proxy (test/helpers/fault-proxy.ts), and the S3 answers a
// bucket shows a watchdog: 404 while the object exists (HEAD lag), B2's 400 for the checksum header.
import { startFaultProxy, type Fault, type FaultProxy, type RequestInfo } from './fault-proxy.js';

export type S3Fault = Fault;
export type S3RequestInfo = RequestInfo;
export type S3FaultProxy = FaultProxy;

export const PASS: S3Fault = { kind: 'pass' };
export const NOT_FOUND: S3Fault = { kind: 'error', status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
export const UNSUPPORTED_CHECKSUM_HEADER: S3Fault = {
  kind: 'error',
  status: 400,
  code: 'InvalidArgument',
  message: "Unsupported header 'x-amz-checksum-mode' received for this API call.",
};

/** Starts the shared proxy in front of `target`; `rule` decides each request's fate. */
export const startS3FaultProxy = (target: string, rule: (info: S3RequestInfo) => S3Fault = () => PASS): Promise<S3FaultProxy> => startFaultProxy(target, rule);
