// The Node.js runtime as the CLI meets it. On Node 20 the AWS SDK prints an 8-line NodeVersionSupportWarning
// (its releases after January 2027 need Node 22) on every command that touches S3. interup pins its SDK,
// so the warning is nothing a user can act on mid-run: the SDK's own documented switch
// (AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, aws-sdk-js-v3 issue 7983) turns off that one warning;
// every other warning still shows, and a value the user set (e.g. "false" to see it) wins. README: Node 22
// is recommended.

/** Turns off the AWS SDK's Node-version notice unless the user chose otherwise. */
export function quietSdkNodeNotice(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

/**
 * A reader that stops early (`interup run --help | head`, quitting `less`) closes stdout under us: Node then
 * raises EPIPE as an uncaught error with a stack trace. Like any command-line tool, interup just stops
 * writing there; the work and its exit code are unchanged (logs go to stderr).
 */
export function quietClosedStdout(stdout: NodeJS.WriteStream = process.stdout): void {
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
