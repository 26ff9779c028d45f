import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Content Security Policy of the built app. User data is untrusted, so: no inline
 * scripts, no eval (only WebAssembly compilation, which is not JS eval), workers and
 * fetches from our own origin (plus blob: for user files). `connect-src` allows
 * https: so `?data=URL` links can fetch public datasets from other sites, and plain http
 * on localhost only, for a user's own `python -m http.server` (anything else over http
 * is reported by the load as blocked by this policy, not as a network error).
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' blob: data: https: http://localhost:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Adds the CSP as a <meta> tag to the production build only: the dev server needs an
 * inline script for React Fast Refresh, which a strict policy would (rightly) block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'sprout-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
      ],
    },
  };
}

/**
 * `vite preview` (what `npm start` and the browser tests serve) gzips every response on
 * the fly. For the built-in data that costs more than it saves: float32 vectors barely
 * compress, and compressing 4 MB took ~200 ms of server time per load (a quarter of the
 * time to first plot), against ~5 ms to send it uncompressed over localhost. So
 * requests for data/ are answered uncompressed. A real static host would precompress.
 */
function uncompressedData(): Plugin {
  return {
    name: 'sprout-uncompressed-data',
    configurePreviewServer(server) {
      // Registered before Vite's own middlewares (compression among them).
      server.middlewares.use((req, _res, next) => {
        if (req.url && /\/data\//.test(req.url)) req.headers['accept-encoding'] = 'identity';
        next();
      });
    },
  };
}

/**
 * Cross-origin isolation: with these two headers the page (and its workers) may create
 * SharedArrayBuffers, so the data worker keeps each dataset's vectors in one and the
 * projection worker reads them without any copy. A host that does not send them (a
 * plain static server) still works: the vectors are then copied once per dataset.
 * `require-corp` only affects no-cors cross-origin subresources, which the app has none
 * of (`?data=` URLs are fetched with CORS).
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), uncompressedData()],
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { headers: ISOLATION_HEADERS },
  preview: {
    // The same policy as a header too, where frame-ancestors works.
    headers: { 'Content-Security-Policy': `${CSP}; frame-ancestors 'none'`, ...ISOLATION_HEADERS },
  },
});
