import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGeneratedModule, KERNELS, kernelPath } from './compileWat';

describe('generated WebAssembly modules', () => {
  for (const k of KERNELS) {
    it(`the committed ${k.out} is exactly what npm run wasm makes of ${k.wat ?? 'the SIMD probe'}`, async () => {
      const committed = readFileSync(kernelPath(k.out), 'utf8');
      expect(committed, `${k.wat ?? 'the probe'} changed: run \`npm run wasm\``).toBe(await buildGeneratedModule(k));
    });
  }
});
