/**
 * Downloads a URL into one Uint8Array, reading the body as a stream so progress can be
 * reported and the download cancelled. Preallocates when Content-Length is known.
 */
export async function fetchBytes(
  url: string,
  opts: { signal?: AbortSignal; onProgress?: (loadedBytes: number, totalBytes: number | null) => void } = {},
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { signal: opts.signal });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new Error(`Network error while fetching ${url}: ${(e as Error).message}`);
  }
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText} for ${url}`);
  const header = response.headers.get('content-length');
  // A compressed response's Content-Length is the compressed size: only trust it as a hint.
  const total = header && !response.headers.get('content-encoding') ? Number(header) : null;
  if (!response.body) {
    const buf = new Uint8Array(await response.arrayBuffer());
    opts.onProgress?.(buf.length, buf.length);
    return buf;
  }
  const reader = response.body.getReader();
  let buffer = new Uint8Array(total ?? 1 << 20);
  let loaded = 0;
  // Progress at most every 50 ms: each report is a message and a store update on the main thread.
  let lastReport = -Infinity;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > buffer.length) {
      const bigger = new Uint8Array(Math.max(buffer.length * 2, loaded + value.length));
      bigger.set(buffer.subarray(0, loaded));
      buffer = bigger;
    }
    buffer.set(value, loaded);
    loaded += value.length;
    const now = performance.now();
    if (now - lastReport >= 50) {
      lastReport = now;
      opts.onProgress?.(loaded, total);
    }
  }
  opts.onProgress?.(loaded, total);
  return loaded === buffer.length ? buffer : buffer.slice(0, loaded);
}
