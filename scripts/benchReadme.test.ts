import { describe, expect, it } from 'vitest';
import { END, projectSpeedup, renderBenchBlock, replaceBenchBlock, START, type Results } from './benchReadme';

const results: Results = {
  date: '2026-01-02T03:04:05.000Z',
  quick: false,
  machine: { cpus: 2, model: 'Test CPU', node: 'v20.20.2' },
  load: { start: [3.25, 0, 0], end: [5.5, 0, 0] },
  rows: [
    { section: 'UMAP', case: 'GloVe 10k×100', impl: 'sprout', threads: 1, ms: 6470, cpuMs: 6400, process: { wallMs: 9000, cpuMs: 8800, peakRssMB: 210.4 }, load: [3.1, 3.4], metrics: { recall10: 0.2481, trust10: 0.9012 } },
    { section: 'UMAP', case: 'GloVe 10k×100', impl: 'umap-learn', threads: 1, ms: 15490, cpuMs: 15400, vsSprout: 2.394, metrics: { recall10: 0.23, trust10: 0.89 } },
    { section: 'UMAP', case: 'GloVe 50k×100', impl: 'sprout', threads: 1, ms: 20_000 },
    { section: 'UMAP', case: 'GloVe 50k×100', impl: 'sprout, 2 threads', threads: 2, ms: 11_000, scaling: 20 / 11 },
    { section: 'render', case: '10k points', impl: 'sprout', ms: 1.5 },
  ],
};

describe('the README benchmark block', () => {
  it('shows every end-to-end row with its times, process figures, quality, ratio and load, and the run it came from', () => {
    const block = renderBenchBlock(results);
    expect(block.startsWith(START) && block.endsWith(END)).toBe(true);
    expect(block).toContain('full run of 2026-01-02 03:04 UTC, load average 3.3 at the start, 5.5 at the end');
    expect(block).toContain('| UMAP | GloVe 10k×100 | sprout | 6.47 s | 6.40 s | 9.00 s / 8.80 s / 210 MB | 0.248 | 0.901 |  |  | 1 | 1 | 3.1–3.4 |');
    expect(block).toContain('| 2.39× | 2.41× |');
    expect(block).toContain('| umap-learn | 15.5 s |');
    expect(block).toContain('2.39×');
    expect(block).not.toContain('10k points');
  });

  it('projects the 2-thread scaling to 7 threads by Amdahl’s law, and says it is a projection', () => {
    const block = renderBenchBlock(results);
    expect(block).toContain('**a projection**');
    expect(block).toMatch(/\| Node \| UMAP GloVe 50k×100 \| 20\.0 s \| 11\.0 s \| 1\.82× \| 90 % \| 4\.4× \|/);
    expect(projectSpeedup(2, 7)).toBeCloseTo(7, 6);
    expect(projectSpeedup(1, 7)).toBeCloseTo(1, 6);
  });

  it('says the thread speed-ups were measured under load only when their own rows were', () => {
    const text = 'measured under load, where the second thread competed';
    const quiet = results.rows.map((r) => (r.threads === 2 ? { ...r, load: [1.1, 1.3] as [number, number] } : r));
    expect(renderBenchBlock({ ...results, rows: quiet })).not.toContain(text);
    const busy = results.rows.map((r) => (r.threads === 2 ? { ...r, load: [1.1, 4.5] as [number, number] } : r));
    expect(renderBenchBlock({ ...results, rows: busy })).toContain(text);
  });

  it('puts two one-thread copies run at once beside the 2-thread speed-up as this machine’s ceiling, not as a thread row', () => {
    const copies = { section: 'UMAP', case: 'GloVe 50k×100', impl: 'sprout, 2 one-thread copies at once', threads: 1, copies: 2, ms: 25_000, scaling: 1.6 };
    const block = renderBenchBlock({ ...results, rows: [...results.rows, copies] });
    expect(block).toMatch(/\| Node \| UMAP GloVe 50k×100 \| 20\.0 s \| 11\.0 s \| 1\.82× \| 90 % \| 4\.4× \| 1\.60× \|/);
    expect(block).toContain('| 1.60× (the copies together vs 1 alone) |');
    expect(block.match(/\| Node \|/g)).toHaveLength(1);
  });

  it('says whether the Chromium rows were single runs or the median of rounds', () => {
    const browser = (rounds?: number[]) => [
      { section: 'threads-browser', case: 'GloVe 50k×100, UMAP', impl: 'sprout', threads: 1, ms: 6400, ...(rounds ? { rounds } : {}) },
      { section: 'threads-browser', case: 'GloVe 50k×100, UMAP', impl: 'sprout, 2 threads', threads: 2, ms: 4100, scaling: 1.56, ...(rounds ? { rounds } : {}) },
    ];
    expect(renderBenchBlock({ ...results, rows: [...results.rows, ...browser()] })).toContain('Chromium rows are single runs, each the first in a fresh page');
    const block = renderBenchBlock({ ...results, rows: [...results.rows, ...browser([4100, 5700, 3900, 4000, 4300])] });
    expect(block).toContain('Chromium rows ran in 5 rounds in turn, like the Node rows, each run the first in a fresh page');
    expect(block).not.toContain('single runs');
  });

  it('cites FIt-SNE as an external figure beside the measured t-SNE, never as a row of the table', () => {
    const rows = [...results.rows, { section: 't-SNE', case: 'MNIST 10k×784', impl: 'sprout', threads: 1, ms: 13_200, cpuMs: 13_000 }];
    const block = renderBenchBlock({ ...results, rows });
    expect(block).toContain('MNIST 10k×784: FIt-SNE 39.6 s, Sprout 13.2 s in the table above (3.0×)');
    expect(block).toContain('**not run by this bench**');
    expect(block).not.toMatch(/\| FIt-SNE \|/);
    expect(renderBenchBlock(results)).not.toContain('FIt-SNE');
  });

  it('names each run a merged result came from, with its sections and load average', () => {
    const runs = [
      { date: '2026-01-02T03:04:05.000Z', minutes: 20, quick: false, sections: ['UMAP', 'kNN'], load: { start: [12, 0, 0], end: [13.04, 0, 0] } },
      { date: '2026-01-02T04:00:00.000Z', minutes: 3, quick: true, sections: ['t-SNE'], load: { start: [9, 0, 0], end: [8, 0, 0] } },
    ];
    const block = renderBenchBlock({ ...results, runs });
    expect(block).toContain('UMAP, kNN: full run of 2026-01-02 03:04 UTC, 20 min, load average 12.0 at the start, 13.0 at the end');
    expect(block).toContain('**Measured under load**');
    expect(renderBenchBlock({ ...results, load: { start: [0.5, 0, 0], end: [1.5, 0, 0] } })).not.toContain('under load');
    expect(block).toContain('t-SNE: `--quick` run of 2026-01-02 04:00 UTC, 3 min, load average 9.0 at the start, 8.0 at the end');
  });

  it('replaces only what lies between the markers, and refuses a README without them', () => {
    const readme = `intro\n${START}\nold table\n${END}\nafter`;
    expect(replaceBenchBlock(readme, `${START}\nnew\n${END}`)).toBe(`intro\n${START}\nnew\n${END}\nafter`);
    expect(() => replaceBenchBlock('no markers here', 'x')).toThrow(/bench:start/);
  });
});
