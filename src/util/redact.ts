// Keeps secrets out of logs, errors, reports and doctor output.

const SECRET_KEY = /(secret|password|passwd|token|api[-_]?key|authorization|credential|session[-_]?key|access[-_]?key)/i;
const SECRET_IN_TEXT = [
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/g,
  /((?:secret|token|api[-_]?key|password|X-Amz-Signature|X-Amz-Credential|Signature)=)[^&\s"']+/gi,
];

/** Known secret values (from env) are masked wherever they appear, whatever the key that carries them. */
const knownSecrets = new Set<string>();

/** Registers a secret value so it is masked in any text that passes through `redactText`. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) knownSecrets.add(value);
}

/** Registers the secret values of the environment variables every deployment uses. */
export function registerEnvSecrets(env: NodeJS.ProcessEnv = process.env): void {
  for (const [key, value] of Object.entries(env)) {
    if (SECRET_KEY.test(key)) registerSecret(value);
  }
}

/** Masks secrets inside free text. */
export function redactText(text: string): string {
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join('***');
  for (const pattern of SECRET_IN_TEXT) out = out.replace(pattern, '$1***');
  return out;
}

/** Deep copy of a value with secret-looking keys masked and secret values removed from strings. */
export function redact<T>(value: T): T {
  return redactValue(value, 0) as T;
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth > 8) return value;
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) return redactText(value.message);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null && v !== '' ? '***' : redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}
