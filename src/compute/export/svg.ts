/**
 * A picture scene (picture.ts) as SVG text. Every text is XML-escaped and stripped of the
 * characters XML 1.0 forbids, so a label such as `<img src=x onerror=alert(1)>` is drawn
 * as those characters and the file is well-formed whatever the labels hold.
 */
import type { PictureScene } from './picture';

const FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif';

/** Characters XML 1.0 does not allow: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text safe inside an XML element or a quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const num = (v: number): string => String(Math.round(v * 10) / 10);

/** The scene as SVG, in chunks (one per point group, then the overlays). */
export function* svgChunks(scene: PictureScene, title: string): Generator<string> {
  const { width, height, radius } = scene;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family='${escapeXml(FONT)}'>\n`;
  yield `<title>${escapeXml(title)}</title>\n<rect width="100%" height="100%" fill="#ffffff"/>\n`;
  const r = num(radius);
  for (const g of scene.groups) {
    const parts: string[] = [`<g fill="${g.color}"${g.opacity < 1 ? ` fill-opacity="${g.opacity}"` : ''}>`];
    for (let j = 0; j < g.xy.length; j += 2) parts.push(`<circle cx="${num(g.xy[j])}" cy="${num(g.xy[j + 1])}" r="${r}"/>`);
    parts.push('</g>\n');
    yield parts.join('');
  }
  const overlay: string[] = [];
  for (const ring of scene.rings) overlay.push(`<circle cx="${num(ring.x)}" cy="${num(ring.y)}" r="${num(ring.r)}" fill="none" stroke="${ring.color}" stroke-width="1.5"/>`);
  for (const s of scene.swatches) overlay.push(`<rect x="${num(s.x)}" y="${num(s.y)}" width="${s.size}" height="${s.size}" fill="${s.color}"/>`);
  for (const t of scene.texts) {
    overlay.push(`<text x="${num(t.x)}" y="${num(t.y)}" font-size="${t.size}"${t.bold ? ' font-weight="bold"' : ''} fill="#222222">${escapeXml(t.text)}</text>`);
  }
  yield overlay.join('\n') + '\n</svg>\n';
}
