import { describe, expect, it } from 'vitest';
import { paintScene, type Paint2D } from './paint';
import { buildScene, clip, DIM_OPACITY, packedToHex, type PictureInput } from './picture';
import { escapeXml, svgChunks } from './svg';

/** Packed little-endian RGBA, as the plot stores colours. */
const pack = (r: number, g: number, b: number) => ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
const RED = pack(255, 0, 0);
const BLUE = pack(0, 0, 255);

const input = (over: Partial<PictureInput> = {}): PictureInput => ({
  width: 600,
  height: 400,
  coords: Float32Array.from([0, 0, 1, 1, 2, 0, NaN, NaN]),
  colors: Uint32Array.from([RED, RED, BLUE, BLUE]),
  lit: null,
  radius: 3,
  marks: [{ index: 0, kind: 'selected', text: '<img src=x onerror=alert(1)>' }],
  legend: { title: 'kind', items: [{ text: 'a & b', color: RED }, { text: 'c', color: BLUE }] },
  caption: 'Tiny · PCA · 3 points',
  ...over,
});

describe('the picture scene', () => {
  it('fits the finite points into the picture, leaving hidden (NaN) rows out', () => {
    const scene = buildScene(input());
    const xy = scene.groups.flatMap((g) => Array.from(g.xy));
    expect(xy).toHaveLength(6);
    for (let j = 0; j < xy.length; j += 2) {
      expect(xy[j]).toBeGreaterThanOrEqual(0);
      expect(xy[j]).toBeLessThanOrEqual(600);
      expect(xy[j + 1]).toBeGreaterThanOrEqual(0);
      expect(xy[j + 1]).toBeLessThanOrEqual(400);
    }
    expect(scene.groups.map((g) => g.color).sort()).toEqual(['#0000ff', '#ff0000']);
  });

  it('draws rows outside the lit mask faint and before the lit ones', () => {
    const scene = buildScene(input({ lit: Uint8Array.from([1, 0, 0, 0]) }));
    expect(scene.groups.map((g) => g.opacity)).toEqual([DIM_OPACITY, DIM_OPACITY, 1]);
    expect(scene.groups[2].xy.length).toBe(2);
  });

  it('keeps y up, as on screen', () => {
    const scene = buildScene(input({ colors: Uint32Array.from([RED, BLUE, RED, RED]), marks: [], legend: null }));
    const blue = scene.groups.find((g) => g.color === '#0000ff')!;
    const red = scene.groups.find((g) => g.color === '#ff0000')!;
    // Row 1 (y = 1) is above rows 0 and 2 (y = 0).
    expect(blue.xy[1]).toBeLessThan(red.xy[1]);
  });

  it('unpacks colours and clips long text without splitting characters', () => {
    expect(packedToHex(pack(0x12, 0x34, 0x56))).toBe('#123456');
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('😀😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('the SVG writer', () => {
  it('escapes every text, so an HTML label is drawn as characters and the file stays XML', () => {
    const svg = [...svgChunks(buildScene(input()), 'Tiny <map>')].join('');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('a &amp; b');
    expect(svg).toContain('<title>Tiny &lt;map&gt;</title>');
    expect(svg.match(/<circle /g)?.length).toBe(3 + 1);
  });

  it('drops characters XML 1.0 forbids', () => {
    expect(escapeXml('a\u0000b\u0008c\ud800d"\'')).toBe('abcd&quot;&apos;');
    expect(escapeXml('😀 é 中文')).toBe('😀 é 中文');
  });
});

describe('painting the scene', () => {
  it('paints the background, one fill per point group and every text at the given scale', () => {
    const calls: string[] = [];
    const ctx = new Proxy({} as Record<string, unknown>, {
      get: (t, k) => (k in t ? t[k as string] : (...args: unknown[]) => calls.push(`${String(k)}(${args.slice(0, 3).join(',')})`)),
      set: (t, k, v) => ((t[k as string] = v), true),
    }) as unknown as Paint2D;
    const scene = buildScene(input());
    paintScene(ctx, scene, 2);
    expect(calls[0]).toBe('setTransform(2,0,0)');
    expect(calls.filter((c) => c.startsWith('fill(')).length).toBe(scene.groups.length);
    expect(calls.filter((c) => c.startsWith('arc(')).length).toBe(3 + scene.rings.length);
    expect(calls.filter((c) => c.startsWith('fillText(')).map((c) => c.slice(9, 13))).toContain('<img');
  });
});
