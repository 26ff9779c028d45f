/**
 * Parse throughput: a seeded projector vectors TSV and a CSV table (~200 MB each,
 * ~20 MB with --quick) written to the temp dir, parsed by Sprout's streaming parsers
 * and by papaparse (streaming, dynamicTyping) and d3-dsv (whole string) in this
 * process. Every implementation ends with the same thing: one Float32Array of
 * n × dim plus the label strings. Peak memory is reported as a multiple of that
 * raw float32 size (RSS sampling; a floor, not exact).
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { csvParseRows, tsvParseRows } from 'd3-dsv';
import { createRng } from '../src/compute/random';
import { csvParser } from '../src/compute/formats/csv';
import { projectorTsvParser } from '../src/compute/formats/projectorTsv';
import { parseStream, type StreamParser } from '../src/compute/formats/stream';
import { FloatBuilder, type ParsedTable } from '../src/compute/formats/table';
import { collectGarbage, measure } from './measure';
import type { BenchRow, BenchSection } from './types';

const DIM = 100;
const CHUNK = 256 * 1024;

/** Writes rows of seeded values ("-0.123456") until the file reaches `bytes`. Returns the row count. */
function writeFile(path: string, bytes: number, kind: 'tsv' | 'csv'): number {
  const rng = createRng(kind === 'tsv' ? 7 : 11);
  const fd = openSync(path, 'w');
  const pos = ['noun', 'verb', 'adjective', 'adverb'];
  let written = 0;
  let rows = 0;
  const parts: string[] = [];
  if (kind === 'csv') parts.push(['word', ...Array.from({ length: DIM }, (_, j) => `d${j}`), 'pos'].join(',') + '\n');
  while (written < bytes) {
    const vals: string[] = [];
    for (let j = 0; j < DIM; j++) vals.push((rng.gaussian() * 0.4).toFixed(6));
    const line = kind === 'tsv' ? vals.join('\t') + '\n' : `"word ${rows}",${vals.join(',')},${pos[rows % 4]}\n`;
    parts.push(line);
    written += line.length;
    rows++;
    if (parts.length >= 2000) {
      writeSync(fd, parts.join(''));
      parts.length = 0;
    }
  }
  writeSync(fd, parts.join(''));
  closeSync(fd);
  return rows;
}

async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  for await (const c of createReadStream(path, { highWaterMark: CHUNK })) yield c as Uint8Array;
}

async function sprout(path: string, parser: StreamParser<ParsedTable>): Promise<{ n: number; dim: number }> {
  const t = await parseStream(fileChunks(path), parser);
  return { n: t.n, dim: t.dim };
}

/** papaparse streaming a Node read stream, numbers typed by papaparse, copied into float blocks. */
function papa(path: string, kind: 'tsv' | 'csv'): Promise<{ n: number; dim: number }> {
  return new Promise((resolve, reject) => {
    const floats = new FloatBuilder(DIM);
    const row = new Float32Array(DIM);
    const labels: string[] = [];
    let header = kind === 'csv';
    Papa.parse<unknown[]>(createReadStream(path, { highWaterMark: CHUNK }) as unknown as File, {
      delimiter: kind === 'tsv' ? '\t' : ',',
      dynamicTyping: true,
      skipEmptyLines: true,
      chunk: (res) => {
        for (const r of res.data) {
          if (header) {
            header = false;
            continue;
          }
          const off = kind === 'csv' ? 1 : 0;
          for (let j = 0; j < DIM; j++) row[j] = r[off + j] as number;
          floats.appendRow(row);
          if (kind === 'csv') labels.push(String(r[0]));
        }
      },
      complete: () => resolve({ n: floats.finish().length / DIM, dim: DIM }),
      error: (e: Error) => reject(e),
    });
  });
}

/** d3-dsv: needs the whole file as one string, then rows of strings → Number. */
function d3(path: string, kind: 'tsv' | 'csv'): { n: number; dim: number } {
  const text = readFileSync(path, 'utf8');
  const floats = new FloatBuilder(DIM);
  const row = new Float32Array(DIM);
  const labels: string[] = [];
  const off = kind === 'csv' ? 1 : 0;
  let first = kind === 'csv';
  (kind === 'tsv' ? tsvParseRows : csvParseRows)(text, (r) => {
    if (first) {
      first = false;
      return null;
    }
    for (let j = 0; j < DIM; j++) row[j] = Number(r[off + j]);
    floats.appendRow(row);
    if (kind === 'csv') labels.push(r[0]);
    return null;
  });
  return { n: floats.finish().length / DIM, dim: DIM };
}

export const parseSection: BenchSection = {
  name: 'parse',
  async run({ quick, log }) {
    const target = (quick ? 20 : 200) * 2 ** 20;
    const dir = mkdtempSync(join(tmpdir(), 'sprout-parse-'));
    const out: BenchRow[] = [];
    try {
      for (const kind of ['tsv', 'csv'] as const) {
        const path = join(dir, `vectors.${kind}`);
        const t0 = performance.now();
        const rows = writeFile(path, target, kind);
        const size = statSync(path).size;
        const mb = size / 2 ** 20;
        const rawMB = (rows * DIM * 4) / 2 ** 20;
        const label = `${kind === 'tsv' ? 'projector TSV' : 'CSV + 2 text cols'} ${mb.toFixed(0)} MB (${rows}×${DIM})`;
        log(`${label}: written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        const impls: [string, () => Promise<{ n: number; dim: number }> | { n: number; dim: number }][] = [
          ['sprout', () => sprout(path, kind === 'tsv' ? projectorTsvParser() : csvParser())],
          ['papaparse', () => papa(path, kind)],
          ['d3-dsv', () => d3(path, kind)],
        ];
        for (const [impl, fn] of impls) {
          collectGarbage();
          try {
            // CPU time too: on a shared machine wall time mostly measures the neighbours.
            const c0 = process.cpuUsage();
            const r = await measure(fn, 1);
            const c = process.cpuUsage(c0);
            const cpuS = (c.user + c.system) / 1e6;
            if (r.result.n !== rows || r.result.dim !== DIM) throw new Error(`read ${r.result.n}×${r.result.dim}, expected ${rows}×${DIM}`);
            const mbps = mb / (r.ms / 1000);
            log(`${impl}: ${r.ms.toFixed(0)} ms, ${mbps.toFixed(0)} MB/s (${(mb / cpuS).toFixed(0)} MB per CPU-second), peak +${r.peakMB.toFixed(0)} MB (${(r.peakMB / rawMB).toFixed(2)}× raw float32)`);
            out.push({ section: 'parse', case: label, impl, ms: r.ms, peakMB: r.peakMB, metrics: { 'MB/s': mbps, 'MB/cpu-s': mb / cpuS, 'peak÷raw': r.peakMB / rawMB } });
          } catch (e) {
            out.push({ section: 'parse', case: label, impl, ms: null, note: `failed: ${(e as Error).message}` });
          }
        }
        rmSync(path, { force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return out;
  },
};
