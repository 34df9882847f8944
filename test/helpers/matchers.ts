// vitest types its asymmetric matchers as `any` so that they fit any field; these give each matcher the type
// of the value it stands for, so an expected object built with them stays typed (no-unsafe-assignment).
import { expect } from 'vitest';

/** Matches any string that `pattern` matches, where a string is expected. */
export function stringMatching(pattern: RegExp): string {
  return expect.stringMatching(pattern) as string;
}

/** Matches any string that contains `text`. */
export function stringContaining(text: string): string {
  return expect.stringContaining(text) as string;
}

/** Matches any string. */
export function anyString(): string {
  return expect.any(String) as string;
}

/** Matches any number. */
export function anyNumber(): number {
  return expect.any(Number) as number;
}
