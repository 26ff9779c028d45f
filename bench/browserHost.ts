import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';

/** Debian's Chromium with the flags the browser benches (and the e2e config) run it with. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A TCP port free on 127.0.0.1 now, for a bench's own preview server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** `vite preview` of the production build on a free port (run `npx vite build` first). */
export async function previewBuild(): Promise<{ server: PreviewServer; port: number }> {
  const port = await freePort();
  const server = await preview({ root: repoRoot, logLevel: 'error', preview: { port, strictPort: true, host: '127.0.0.1' } });
  return { server, port };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
