/**
 * GLSL ES 3.0 sources for the WebGL2 painter. Dots are point sprites (gl.POINTS: on
 * software GL ~25× faster than instanced quads, and what regl-scatterplot draws with).
 * The point shader reproduces the CPU
 * raster's dots exactly in integer arithmetic where it can: each dot is centred on the
 * pixel its centre falls in, covers the pixels within `reach` of it by 4×4
 * supersampling (the centre pixel always fully), drops pixels covered less than
 * `minCover`/256, and blends with weight (alpha · colour alpha · cover) / 256 — the
 * numbers of raster.ts makeStamp/drawPoints — so the two pictures agree to within
 * rounding (e2e/render.spec.ts compares them). For the points the stamp itself comes
 * in a small texture (one fetch a pixel; software GL pays dearly for the 16 samples);
 * markers, a handful of dots, sample.
 */

export const POINT_VS = `#version 300 es
in vec2 a_pos;
in vec2 a_from;
in uint a_color;
in float a_radius;
uniform vec4 u_view;   // sx, ox, sy, oy (device px)
uniform vec2 u_size;   // backing store, device px
uniform float u_t;     // transition progress
uniform bool u_morph;
uniform bool u_cull;   // skip dots whose centre is off the canvas (points, not markers)
uniform float u_maxPointSize;
flat out uint v_color;
flat out vec2 v_center;
flat out float v_radius;
void main() {
  vec2 p = u_morph ? a_from + (a_pos - a_from) * u_t : a_pos;
  float fx = p.x * u_view.x + u_view.y;
  float fy = p.y * u_view.z + u_view.w;
  bool inside = fx >= 0.0 && fx < u_size.x && fy >= 0.0 && fy < u_size.y;
  // NaN fails every comparison, so a non-finite point is never drawn.
  if ((u_cull && !inside) || !(fx == fx && fy == fy)) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 1.0;
    return;
  }
  float r = clamp(a_radius, 0.5, 60.0);
  float reach = ceil(r - 0.5);
  vec2 c = floor(vec2(fx, fy));
  v_center = c;
  v_color = a_color;
  v_radius = r;
  // A square sprite centred on the centre pixel's middle covers exactly the pixels within reach.
  vec2 px = c + 0.5;
  gl_Position = vec4(px.x / u_size.x * 2.0 - 1.0, 1.0 - px.y / u_size.y * 2.0, 0.0, 1.0);
  gl_PointSize = min(2.0 * reach + 1.0, u_maxPointSize);
}`;

export const POINT_FS = `#version 300 es
precision highp float;
precision highp int;
flat in uint v_color;
flat in vec2 v_center;
flat in float v_radius;
uniform vec2 u_size;
uniform int u_alpha;
uniform int u_minCover;
// Points: the pass's stamp (raster.ts makeStamp, cover / 16 per pixel), one fetch per pixel.
uniform bool u_useStamp;
uniform highp usampler2D u_stamp;
uniform int u_reach;
out vec4 outColor;
void main() {
  vec2 pix = vec2(gl_FragCoord.x - 0.5, u_size.y - gl_FragCoord.y - 0.5);
  vec2 d = pix - v_center;
  int cover = 256;
  if (u_useStamp) {
    ivec2 q = ivec2(d) + u_reach;
    cover = int(texelFetch(u_stamp, q, 0).r) * 16;
  } else if (d.x != 0.0 || d.y != 0.0) {
    int inside = 0;
    float r2 = v_radius * v_radius;
    for (int sy = 0; sy < 4; sy++) {
      for (int sx = 0; sx < 4; sx++) {
        vec2 s = d + vec2(-0.375 + float(sx) * 0.25, -0.375 + float(sy) * 0.25);
        if (dot(s, s) <= r2) inside++;
      }
    }
    cover = inside * 16;
  }
  if (cover == 0 || cover < u_minCover) discard;
  int ca = int(v_color >> 24u);
  int pa = (u_alpha * (ca + (ca >> 7))) >> 8;
  int a = (pa * cover) >> 8;
  if (a <= 0) discard;
  vec3 rgb = vec3(float(v_color & 255u), float((v_color >> 8u) & 255u), float((v_color >> 16u) & 255u)) / 255.0;
  outColor = vec4(rgb, float(a) / 256.0);
}`;

/** A textured rectangle in device px (density under the points; thumbnails over them). */
export const IMAGE_VS = `#version 300 es
in vec2 a_origin;   // per instance: top-left corner, device px
in vec2 a_tile;     // per instance: top-left texel of this picture in the texture
uniform vec2 u_size;
uniform vec2 u_extent;    // rectangle size, device px
uniform vec2 u_texel;     // picture size, texels
uniform vec2 u_texSize;
out vec2 v_uv;
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  vec2 px = a_origin + corner * u_extent;
  v_uv = (a_tile + corner * u_texel) / u_texSize;
  gl_Position = vec4(px.x / u_size.x * 2.0 - 1.0, 1.0 - px.y / u_size.y * 2.0, 0.0, 1.0);
}`;

export const IMAGE_FS = `#version 300 es
precision highp float;
in vec2 v_uv;
uniform sampler2D u_tex;
out vec4 outColor;
void main() {
  outColor = texture(u_tex, v_uv);
}`;
