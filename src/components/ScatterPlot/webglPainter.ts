/**
 * The WebGL2 painter, for real GPUs: every point is one point sprite, drawn pass by
 * pass from the same scene arrays as the CPU raster (pointScene.ts), which are uploaded
 * only when they change; a zoom or pan is a uniform. The density layer and the
 * thumbnails are textured rectangles (instanced 4-vertex strips); the highlight markers
 * are more sprites.
 *
 * Like regl-scatterplot and Embedding Atlas, the positions stay in data space on the
 * GPU and the view is applied in the vertex shader; a transition is a second position
 * attribute and a uniform t.
 */
import { makeStamp } from './raster';
import { rowImageRGBA } from './rowImage';
import { IMAGE_FS, IMAGE_VS, POINT_FS, POINT_VS } from './glShaders';
import { DOT_MIN_COVER, markerRadii, type DensityLayer, type Frame, type Painter, type PlacedThumbnails } from './renderTypes';
import { SIZE_STEPS } from './sizes';

type GL = WebGL2RenderingContext;

/** Attribute slots, fixed for both programs (bindAttribLocation). */
const LOC = { pos: 0, from: 1, color: 2, radius: 3, origin: 4, tile: 5 } as const;

/** Returns null when this browser has no WebGL2 for the canvas (the caller falls back to the CPU). */
export function createWebglPainter(canvas: HTMLCanvasElement): Painter | null {
  const gl = canvas.getContext('webgl2', { alpha: false, antialias: false, depth: false, stencil: false, premultipliedAlpha: false, powerPreference: 'high-performance' });
  if (!gl) return null;
  let res = createResources(gl);
  let lost = false;
  /** Identity of the arrays last uploaded, so unchanged data is not sent again. */
  const uploaded = { coords: null as unknown, colors: null as unknown, from: null as unknown, density: null as unknown, thumbs: null as unknown };
  let atlas: { cols: number; tiles: Float32Array; w: number; h: number; texW: number; texH: number } | null = null;
  /** The dot stamps of the current radii, as textures (a handful: one per size class). */
  let stamps = new Map<number, { tex: WebGLTexture; reach: number }>();
  const maxPointSize = (gl.getParameter(gl.ALIASED_POINT_SIZE_RANGE) as Float32Array)[1] ?? 64;

  const stampTexture = (radius: number): { tex: WebGLTexture; reach: number } => {
    let s = stamps.get(radius);
    if (s) return s;
    if (stamps.size > 16) {
      for (const old of stamps.values()) gl.deleteTexture(old.tex);
      stamps = new Map();
    }
    const stamp = makeStamp(radius, DOT_MIN_COVER);
    const side = 2 * stamp.reach + 1;
    const cells = new Uint8Array(side * side);
    for (let j = 0; j < stamp.cover.length; j++) cells[(stamp.dy[j] + stamp.reach) * side + stamp.dx[j] + stamp.reach] = stamp.cover[j] >> 4;
    const tex = gl.createTexture() as WebGLTexture;
    gl.bindTexture(gl.TEXTURE_2D, tex);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.R8UI, side, side, 0, gl.RED_INTEGER, gl.UNSIGNED_BYTE, cells);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    stamps.set(radius, (s = { tex, reach: stamp.reach }));
    return s;
  };

  const onLost = (e: Event): void => {
    e.preventDefault();
    lost = true;
  };
  const onRestored = (): void => {
    res = createResources(gl);
    stamps = new Map();
    for (const k of Object.keys(uploaded) as (keyof typeof uploaded)[]) uploaded[k] = null;
    lost = false;
  };
  canvas.addEventListener('webglcontextlost', onLost);
  canvas.addEventListener('webglcontextrestored', onRestored);

  const upload = (key: keyof typeof uploaded, buffer: WebGLBuffer, data: ArrayBufferView): void => {
    if (uploaded[key] === data) return;
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
    uploaded[key] = data;
  };

  const drawDensity = (f: Frame, layer: DensityLayer): void => {
    if (uploaded.density !== layer) {
      gl.bindTexture(gl.TEXTURE_2D, res.densityTex);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, layer.cols, layer.rows, 0, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(layer.rgba.buffer, layer.rgba.byteOffset, layer.rgba.byteLength));
      uploaded.density = layer;
    }
    const { view: v } = f;
    const x0 = layer.minX * v.sx + v.ox, y0 = layer.maxY * v.sy + v.oy;
    const extent: [number, number] = [(layer.maxX - layer.minX) * v.sx, (layer.minY - layer.maxY) * v.sy];
    drawImages(f, res.densityTex, Float32Array.of(x0, y0, 0, 0), extent, [layer.cols, layer.rows], [layer.cols, layer.rows]);
  };

  const drawThumbnails = (f: Frame, th: PlacedThumbnails): void => {
    const { width: w, height: h } = th.images;
    if (uploaded.thumbs !== th.key || !atlas) {
      atlas = buildAtlas(gl, res.atlasTex, th, w, h);
      uploaded.thumbs = th.key;
    }
    const k = th.rows.length;
    const inst = new Float32Array(4 * k);
    for (let j = 0; j < k; j++) {
      const cx = th.centers[2 * j], cy = th.centers[2 * j + 1];
      const ok = Number.isFinite(cx) && Number.isFinite(cy);
      inst[4 * j] = ok ? Math.floor(cx) - (th.size >> 1) : -1e9;
      inst[4 * j + 1] = ok ? Math.floor(cy) - (th.size >> 1) : -1e9;
      inst[4 * j + 2] = atlas.tiles[2 * j];
      inst[4 * j + 3] = atlas.tiles[2 * j + 1];
    }
    drawImages(f, res.atlasTex, inst, [th.size, th.size], [w, h], [atlas.texW, atlas.texH]);
  };

  /** Instances of (origin x, y, tile x, y), each a w×h rectangle showing a texel×texel part of the texture. */
  const drawImages = (f: Frame, tex: WebGLTexture, inst: Float32Array, extent: [number, number], texel: [number, number], texSize: [number, number]): void => {
    const p = res.image;
    gl.useProgram(p.program);
    gl.bindVertexArray(res.imageVao);
    gl.bindBuffer(gl.ARRAY_BUFFER, res.imageInst);
    gl.bufferData(gl.ARRAY_BUFFER, inst, gl.DYNAMIC_DRAW);
    gl.uniform2f(p.u('u_size'), f.width, f.height);
    gl.uniform2f(p.u('u_extent'), extent[0], extent[1]);
    gl.uniform2f(p.u('u_texel'), texel[0], texel[1]);
    gl.uniform2f(p.u('u_texSize'), texSize[0], texSize[1]);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, tex);
    gl.uniform1i(p.u('u_tex'), 0);
    gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, inst.length / 4);
  };

  const drawPoints = (f: Frame): void => {
    const { scene } = f;
    upload('coords', res.pos, scene.coords);
    upload('colors', res.color, scene.colors);
    if (f.morph) upload('from', res.from, f.morph.from);
    const p = res.point;
    gl.useProgram(p.program);
    gl.bindVertexArray(res.pointVao);
    setPointUniforms(gl, p, f, true, maxPointSize);
    gl.uniform1i(p.u('u_minCover'), DOT_MIN_COVER);
    gl.uniform1i(p.u('u_morph'), f.morph ? 1 : 0);
    gl.uniform1f(p.u('u_t'), f.morph?.t ?? 1);
    gl.uniform1i(p.u('u_useStamp'), 1);
    gl.uniform1i(p.u('u_stamp'), 1);
    for (const pass of scene.passes) {
      const radius = (f.radius * pass.sizeClass) / SIZE_STEPS;
      const stamp = stampTexture(radius);
      gl.activeTexture(gl.TEXTURE1);
      gl.bindTexture(gl.TEXTURE_2D, stamp.tex);
      gl.uniform1i(p.u('u_reach'), stamp.reach);
      // Point the attributes at the pass's first slot.
      gl.bindBuffer(gl.ARRAY_BUFFER, res.pos);
      gl.vertexAttribPointer(LOC.pos, 2, gl.FLOAT, false, 0, pass.start * 8);
      gl.bindBuffer(gl.ARRAY_BUFFER, f.morph ? res.from : res.pos);
      gl.vertexAttribPointer(LOC.from, 2, gl.FLOAT, false, 0, pass.start * 8);
      gl.bindBuffer(gl.ARRAY_BUFFER, res.color);
      gl.vertexAttribIPointer(LOC.color, 1, gl.UNSIGNED_INT, 0, pass.start * 4);
      gl.vertexAttrib1f(LOC.radius, radius);
      gl.uniform1i(p.u('u_alpha'), pass.alpha);
      gl.drawArrays(gl.POINTS, 0, pass.end - pass.start);
    }
  };

  const drawMarkers = (f: Frame): void => {
    if (f.markers.length === 0) return;
    const r = markerRadii(f.radius);
    const k = f.markers.length * 2;
    const pos = new Float32Array(2 * k), color = new Uint32Array(k), radius = new Float32Array(k);
    f.markers.forEach((m, j) => {
      pos.set([m.x, m.y, m.x, m.y], 4 * j);
      color.set([f.ink, m.color], 2 * j);
      radius.set(m.big ? [r.bigRing, r.big] : [r.ring, r.mark], 2 * j);
    });
    const p = res.point;
    gl.useProgram(p.program);
    gl.bindVertexArray(res.markerVao);
    for (const [buffer, data] of [[res.markerPos, pos], [res.markerColor, color], [res.markerRadius, radius]] as const) {
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
    }
    // The point program's integer sampler must see an integer texture even when unused.
    gl.activeTexture(gl.TEXTURE1);
    gl.bindTexture(gl.TEXTURE_2D, stampTexture(1).tex);
    // Markers are already in device px and, like the CPU's drawDot, clipped rather than culled.
    setPointUniforms(gl, p, f, false, maxPointSize);
    gl.uniform4f(p.u('u_view'), 1, 0, 1, 0);
    gl.uniform1i(p.u('u_minCover'), 1);
    gl.uniform1i(p.u('u_useStamp'), 0);
    gl.uniform1i(p.u('u_morph'), 0);
    gl.uniform1i(p.u('u_alpha'), 256);
    gl.drawArrays(gl.POINTS, 0, k);
  };

  return {
    kind: 'webgl',
    resize(width, height) {
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
    },
    paint(f) {
      if (lost || gl.isContextLost()) return 0;
      gl.viewport(0, 0, f.width, f.height);
      const bg = f.background;
      gl.clearColor((bg & 255) / 255, ((bg >>> 8) & 255) / 255, ((bg >>> 16) & 255) / 255, 1);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.enable(gl.BLEND);
      gl.blendFuncSeparate(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.ZERO, gl.ONE);
      if (f.density) drawDensity(f, f.density);
      drawPoints(f);
      if (f.thumbnails) drawThumbnails(f, f.thumbnails);
      drawMarkers(f);
      gl.bindVertexArray(null);
      // The GPU does not count what it culls; report the points submitted.
      return f.scene.count;
    },
    finish() {
      if (!gl.isContextLost()) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    },
    destroy() {
      canvas.removeEventListener('webglcontextlost', onLost);
      canvas.removeEventListener('webglcontextrestored', onRestored);
      if (!gl.isContextLost()) {
        res.dispose();
        for (const st of stamps.values()) gl.deleteTexture(st.tex);
      }
      // Give the context back now rather than at garbage collection (browsers cap live contexts).
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    },
  };
}

interface Program {
  readonly program: WebGLProgram;
  u(name: string): WebGLUniformLocation | null;
}

function setPointUniforms(gl: GL, p: Program, f: Frame, cull: boolean, maxPointSize: number): void {
  gl.uniform1f(p.u('u_maxPointSize'), maxPointSize);
  gl.uniform4f(p.u('u_view'), f.view.sx, f.view.ox, f.view.sy, f.view.oy);
  gl.uniform2f(p.u('u_size'), f.width, f.height);
  gl.uniform1i(p.u('u_cull'), cull ? 1 : 0);
}

function createResources(gl: GL) {
  const point = compile(gl, POINT_VS, POINT_FS);
  const image = compile(gl, IMAGE_VS, IMAGE_FS);
  const buffer = (): WebGLBuffer => gl.createBuffer() as WebGLBuffer;
  const pos = buffer(), from = buffer(), color = buffer();
  const markerPos = buffer(), markerColor = buffer(), markerRadius = buffer();
  const imageInst = buffer();

  const pointVao = gl.createVertexArray();
  gl.bindVertexArray(pointVao);
  attribute(gl, LOC.pos, pos, 2, gl.FLOAT);
  attribute(gl, LOC.from, pos, 2, gl.FLOAT);
  attribute(gl, LOC.color, color, 1, gl.UNSIGNED_INT);
  // The radius is a constant per pass (vertexAttrib1f), not an array.
  gl.disableVertexAttribArray(LOC.radius);

  const markerVao = gl.createVertexArray();
  gl.bindVertexArray(markerVao);
  attribute(gl, LOC.pos, markerPos, 2, gl.FLOAT);
  attribute(gl, LOC.from, markerPos, 2, gl.FLOAT);
  attribute(gl, LOC.color, markerColor, 1, gl.UNSIGNED_INT);
  attribute(gl, LOC.radius, markerRadius, 1, gl.FLOAT);

  const imageVao = gl.createVertexArray();
  gl.bindVertexArray(imageVao);
  gl.bindBuffer(gl.ARRAY_BUFFER, imageInst);
  gl.enableVertexAttribArray(LOC.origin);
  gl.vertexAttribPointer(LOC.origin, 2, gl.FLOAT, false, 16, 0);
  gl.vertexAttribDivisor(LOC.origin, 1);
  gl.enableVertexAttribArray(LOC.tile);
  gl.vertexAttribPointer(LOC.tile, 2, gl.FLOAT, false, 16, 8);
  gl.vertexAttribDivisor(LOC.tile, 1);
  gl.bindVertexArray(null);

  const texture = (): WebGLTexture => {
    const t = gl.createTexture() as WebGLTexture;
    gl.bindTexture(gl.TEXTURE_2D, t);
    // Nearest texel, as the CPU painter samples: both pick the cell a pixel's centre falls in.
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    return t;
  };
  const densityTex = texture();
  const atlasTex = texture();
  const buffers = [pos, from, color, markerPos, markerColor, markerRadius, imageInst];
  return {
    point,
    image,
    pos,
    from,
    color,
    markerPos,
    markerColor,
    markerRadius,
    imageInst,
    pointVao,
    markerVao,
    imageVao,
    densityTex,
    atlasTex,
    dispose() {
      for (const b of buffers) gl.deleteBuffer(b);
      for (const v of [pointVao, markerVao, imageVao]) gl.deleteVertexArray(v);
      gl.deleteTexture(densityTex);
      gl.deleteTexture(atlasTex);
      gl.deleteProgram(point.program);
      gl.deleteProgram(image.program);
    },
  };
}

function attribute(gl: GL, loc: number, buffer: WebGLBuffer, size: number, type: number): void {
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
  gl.enableVertexAttribArray(loc);
  if (type === gl.UNSIGNED_INT) gl.vertexAttribIPointer(loc, size, type, 0, 0);
  else gl.vertexAttribPointer(loc, size, type, false, 0, 0);
}

function compile(gl: GL, vs: string, fs: string): Program {
  const shader = (type: number, src: string): WebGLShader => {
    const s = gl.createShader(type) as WebGLShader;
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS) && !gl.isContextLost()) throw new Error(`WebGL shader: ${gl.getShaderInfoLog(s)}`);
    return s;
  };
  const program = gl.createProgram() as WebGLProgram;
  const v = shader(gl.VERTEX_SHADER, vs);
  const f = shader(gl.FRAGMENT_SHADER, fs);
  gl.attachShader(program, v);
  gl.attachShader(program, f);
  for (const [name, loc] of [['a_pos', LOC.pos], ['a_from', LOC.from], ['a_color', LOC.color], ['a_radius', LOC.radius], ['a_origin', LOC.origin], ['a_tile', LOC.tile]] as const) {
    gl.bindAttribLocation(program, loc, name);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS) && !gl.isContextLost()) throw new Error(`WebGL program: ${gl.getProgramInfoLog(program)}`);
  gl.deleteShader(v);
  gl.deleteShader(f);
  const uniforms = new Map<string, WebGLUniformLocation | null>();
  return {
    program,
    u(name) {
      if (!uniforms.has(name)) uniforms.set(name, gl.getUniformLocation(program, name));
      return uniforms.get(name) ?? null;
    },
  };
}

/** Packs the thumbnails' pictures into one texture, row after row of tiles. */
function buildAtlas(gl: GL, tex: WebGLTexture, th: PlacedThumbnails, w: number, h: number) {
  const max = Math.min(4096, gl.getParameter(gl.MAX_TEXTURE_SIZE) as number);
  const cols = Math.max(1, Math.floor(max / w));
  const k = th.rows.length;
  const texW = Math.min(k, cols) * w;
  const texH = Math.ceil(k / cols) * h;
  const pixels = new Uint8Array(texW * texH * 4);
  const tiles = new Float32Array(2 * k);
  for (let j = 0; j < k; j++) {
    const tx = (j % cols) * w, ty = Math.floor(j / cols) * h;
    tiles[2 * j] = tx;
    tiles[2 * j + 1] = ty;
    const rgba = rowImageRGBA(th.images, th.rows[j]);
    for (let y = 0; y < h; y++) pixels.set(rgba.subarray(y * w * 4, (y + 1) * w * 4), ((ty + y) * texW + tx) * 4);
  }
  gl.bindTexture(gl.TEXTURE_2D, tex);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, texW, texH, 0, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  return { cols, tiles, w, h, texW, texH };
}
