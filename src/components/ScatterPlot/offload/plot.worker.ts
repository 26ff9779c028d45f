// The plot worker: a thin adapter from messages to plotHandlers (src/compute underneath).
// Self-contained on purpose, so it can later move behind the app's shared worker protocol.
import type { PlotRequest } from './messages';
import { createPlotHandlers } from './plotHandlers';

const handlers = createPlotHandlers();
const scope = globalThis as unknown as { postMessage(msg: unknown, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<PlotRequest>) => void) | null };

scope.onmessage = (e) => {
  const req = e.data;
  try {
    const out = handlers.handle(req);
    if (out) scope.postMessage(out.result, out.transfer);
  } catch (err) {
    if ('id' in req) scope.postMessage({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) }, []);
  }
};
