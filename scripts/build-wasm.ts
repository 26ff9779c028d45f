/**
 * `npm run wasm`: compiles every .wat kernel (src/compute/train/wasm/sgns.wat,
 * src/compute/simd/dense.wat, src/compute/project/umapSgd.wat) and the SIMD probe into committed *.generated.ts modules
 * (the bytes as base64), so the app needs no wabt at run time. Run it after editing a
 * .wat; a unit test fails while a kernel and its generated module disagree.
 */
import { writeFileSync } from 'node:fs';
import { buildGeneratedModule, KERNELS, kernelPath } from '../src/compute/simd/compileWat';

try {
  for (const k of KERNELS) {
    const out = kernelPath(k.out);
    writeFileSync(out, await buildGeneratedModule(k));
    console.log(`wrote ${out}`);
  }
} catch (e) {
  // wabt's parse errors carry line:column; the stack would only point into its minified build.
  console.error((e as Error).message);
  process.exit(1);
}
