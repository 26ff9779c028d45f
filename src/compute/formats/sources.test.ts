import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParseError } from './errors';
import { allowedByConnectSrc, urlSource } from './sources';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*' };
    if (req.url === '/index-fallback/vectors.tsv') {
      // What vite preview and most static hosts answer for a path that does not exist.
      res.writeHead(200, { ...cors, 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>Sprout</title></head><body><div id="root"></div></body></html>');
    } else if (req.url === '/stall.tsv') {
      // Headers and a first line, then silence (until the client gives up).
      res.writeHead(200, { ...cors, 'content-type': 'text/tab-separated-values' });
      res.write('0.1\t0.2\n');
    } else if (req.url === '/ok.tsv') {
      res.writeHead(200, { ...cors, 'content-type': 'text/tab-separated-values' });
      res.end('0.1\t0.2\n0.3\t0.4\n');
    } else {
      res.writeHead(404, { ...cors, 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function errorOf(p: Promise<unknown>): Promise<ParseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

describe('urlSource names the real cause', () => {
  it('a web page where data was expected (a 404 answered with index.html)', async () => {
    const e = await errorOf(urlSource(`${base}index-fallback/vectors.tsv`, new AbortController().signal));
    expect(e.code).toBe('htmlResponse');
    expect(e.message).toMatch(/the server returned a web page \(HTTP 200, text\/html\) — is the path right\?/);
  });

  it('an HTTP error status', async () => {
    const e = await errorOf(urlSource(`${base}missing.tsv`, new AbortController().signal));
    expect([e.code, e.params.status]).toEqual(['httpStatus', 404]);
  });

  it("a fetch the page's security policy blocked, not the network", async () => {
    const e = await errorOf(urlSource('http://127.0.0.1:9/nothing.tsv', new AbortController().signal, { policyBlocked: () => true }));
    expect(e.code).toBe('cspBlocked');
    expect(e.message).toMatch(/blocked by this page's security policy: only https or localhost links can be opened/);
  });

  it('a refused connection as a network error that mentions CORS for a local server', async () => {
    const e = await errorOf(urlSource('http://127.0.0.1:9/nothing.tsv', new AbortController().signal, { policyBlocked: () => false }));
    expect(e.code).toBe('network');
    expect(e.message).toMatch(/Access-Control-Allow-Origin/);
  });
});

describe('a stalled download', () => {
  it('is reported through onStall with its URL, again while it lasts, and keeps waiting until cancelled', async () => {
    const stalls: [string, number][] = [];
    const ac = new AbortController();
    const source = await urlSource(`${base}stall.tsv`, ac.signal, { stallMs: 40, onStall: (url, ms) => stalls.push([url, ms]) });
    const reader = source.blob().stream().getReader();
    expect((await reader.read()).done).toBe(false); // the first line
    const rest = reader.read();
    await expect.poll(() => stalls.length).toBeGreaterThanOrEqual(2);
    expect(stalls[0]).toEqual([`${base}stall.tsv`, 40]);
    expect(stalls[1]).toEqual([`${base}stall.tsv`, 80]);
    ac.abort();
    await expect(rest).rejects.toThrow();
  });
});

describe('allowedByConnectSrc (the production policy)', () => {
  it('allows https, data:, blob:, the page itself and http on localhost only', () => {
    expect(allowedByConnectSrc('https://example.org/v.tsv', null)).toBe(true);
    expect(allowedByConnectSrc('http://localhost:8000/v.tsv', null)).toBe(true);
    expect(allowedByConnectSrc('http://127.0.0.1:8000/v.tsv', null)).toBe(true);
    expect(allowedByConnectSrc('http://example.org/v.tsv', null)).toBe(false);
    expect(allowedByConnectSrc('http://example.org/v.tsv', 'http://example.org')).toBe(true);
    expect(allowedByConnectSrc('ftp://example.org/v.tsv', null)).toBe(false);
  });
});
