import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Content Security Policy of the built app. User data is untrusted, so: no inline
 * scripts, no eval (only WebAssembly compilation, which is not JS eval), workers and
 * fetches from our own origin (plus blob: for user files). `connect-src` allows
 * https: so `?data=URL` links can fetch public datasets from other sites.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' blob: data: https:",
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

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  preview: {
    // The same policy as a header too, where frame-ancestors works.
    headers: { 'Content-Security-Policy': `${CSP}; frame-ancestors 'none'` },
  },
});
