/**
 * Which fetches this worker's security policy blocked. A blocked fetch fails like a
 * network error (a TypeError), so the load would blame the network or CORS; the browser
 * also fires `securitypolicyviolation` at the worker, which this records. Asked after a
 * failed fetch, it waits a moment for the event (its order against the fetch's rejection
 * is not specified), then answers from what was recorded, or, failing that, from the
 * policy Sprout ships (sources.ts allowedByConnectSrc).
 */
import { allowedByConnectSrc } from '../compute/formats/sources';

interface ViolationEvent extends Event {
  readonly blockedURI?: string;
}

/** How long a failed fetch waits for its violation event. */
const SETTLE_MS = 50;

export function watchPolicyViolations(target: EventTarget, pageOrigin: string | null): (url: string) => Promise<boolean> {
  const blocked = new Set<string>();
  target.addEventListener('securitypolicyviolation', (e) => {
    const uri = (e as ViolationEvent).blockedURI;
    if (uri) blocked.add(uri);
  });
  const origin = (url: string): string => {
    try {
      return new URL(url).origin;
    } catch {
      return url;
    }
  };
  return async (url) => {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return blocked.has(url) || blocked.has(origin(url)) || !allowedByConnectSrc(url, pageOrigin);
  };
}
