/**
 * `npm run wasm`: compiles src/compute/train/wasm/sgns.wat into the committed
 * sgnsKernel.generated.ts (the bytes as base64), so the app needs no wabt at run time.
 * Run it after editing the .wat; a unit test fails while the two disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGeneratedModule } from '../src/compute/train/wasm/compileWat';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'compute', 'train', 'wasm');
const out = join(dir, 'sgnsKernel.generated.ts');
try {
  writeFileSync(out, await buildGeneratedModule(readFileSync(join(dir, 'sgns.wat'), 'utf8')));
  console.log(`wrote ${out}`);
} catch (e) {
  // wabt's parse errors carry line:column; the stack would only point into its minified build.
  console.error((e as Error).message);
  process.exit(1);
}
