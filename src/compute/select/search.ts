/**
 * Label search: a plain query matches case-insensitive substrings; a query written as
 * /pattern/flags is a regular expression. An invalid regex is reported, not thrown.
 */
export interface LabelMatch {
  readonly matches: Uint8Array;
  readonly count: number;
  readonly error: string | null;
}

export function matchLabels(labels: readonly string[], query: string): LabelMatch {
  const matches = new Uint8Array(labels.length);
  const regex = /^\/(.+)\/([a-z]*)$/.exec(query);
  let test: (label: string) => boolean;
  if (regex) {
    let re: RegExp;
    try {
      // 'g' and 'y' make test() stateful across calls, which would skip matches.
      re = new RegExp(regex[1], regex[2].replace(/[gy]/g, ''));
    } catch (e) {
      return { matches, count: 0, error: `Invalid regular expression: ${(e as Error).message}` };
    }
    test = (label) => re.test(label);
  } else {
    const needle = query.toLowerCase();
    test = (label) => label.toLowerCase().includes(needle);
  }
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    if (test(labels[i])) {
      matches[i] = 1;
      count++;
    }
  }
  return { matches, count, error: null };
}
