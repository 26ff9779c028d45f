import { describe, expect, it } from 'vitest';
import { chooseRenderer, isSoftwareGpu, rendererSetting } from './rendererChoice';

describe('rendererSetting', () => {
  it('reads ?renderer=webgl|cpu and ignores anything else', () => {
    expect(rendererSetting('?renderer=webgl')).toBe('webgl');
    expect(rendererSetting('?x=1&renderer=cpu')).toBe('cpu');
    expect(rendererSetting('?renderer=gpu')).toBeNull();
    expect(rendererSetting('')).toBeNull();
  });
});

describe('isSoftwareGpu', () => {
  it('knows software WebGL by the renderer string and real GPUs by theirs', () => {
    expect(isSoftwareGpu('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareGpu('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareGpu('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe(true);
    expect(isSoftwareGpu('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareGpu('Apple M2')).toBe(false);
  });
});

describe('chooseRenderer', () => {
  it('falls back to the CPU raster where there is no document (Node) and remembers its choice', () => {
    const first = chooseRenderer();
    expect(first.kind).toBe('cpu');
    expect(chooseRenderer()).toBe(first);
  });
});
