// Minimal glob (* ? and [..]) for --pattern. Hand-rolled because Node 20's path.matchesGlob is experimental
// and the patterns we need (*.mp4, out_??.mkv) are simple.

/** True when `name` (a file name or a relative path with /) matches `pattern`. */
export function matchesGlob(name: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      const deep = pattern[i + 1] === '*';
      re += deep ? '.*' : '[^/]*';
      if (deep) i++;
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(name);
}
