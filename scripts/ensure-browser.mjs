#!/usr/bin/env node
// Makes sure a Chromium exists for the browser tests and benchmarks.
// Playwright's own browser download is not used (it needs hosts this setup cannot reach);
// we drive the system's Debian Chromium instead. Order:
//   1. $SPROUT_CHROMIUM or /usr/bin/chromium if present → done;
//   2. root on Debian/Ubuntu → apt-get install chromium + CJK fonts;
//   3. otherwise → exit with a message saying exactly what to install.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const candidates = [process.env.SPROUT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');

function fontsPresent() {
  return existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
}

function aptInstall(packages) {
  console.log(`[ensure-browser] installing ${packages.join(' ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  if (update.status !== 0) return false;
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  return install.status === 0;
}

if (found && fontsPresent()) {
  const version = execFileSync(found, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`[ensure-browser] using ${found} (${version})`);
  process.exit(0);
}

const missing = [...(found ? [] : ['chromium']), ...(fontsPresent() ? [] : ['fonts-noto-cjk'])];
if (isRoot && hasApt) {
  if (!aptInstall(missing)) {
    console.error(`[ensure-browser] apt-get could not install ${missing.join(' ')}; see the output above.`);
    process.exit(1);
  }
  if (!existsSync('/usr/bin/chromium')) {
    console.error('[ensure-browser] apt-get finished but /usr/bin/chromium is still missing.');
    process.exit(1);
  }
  console.log('[ensure-browser] installed.');
  process.exit(0);
}

if (found) {
  // Chinese labels will render as boxes, but the tests can still run.
  console.warn('[ensure-browser] fonts-noto-cjk is missing: Chinese text will not render. Install it with: sudo apt-get install fonts-noto-cjk');
  process.exit(0);
}
console.error(
  [
    '[ensure-browser] No Chromium found for the browser tests.',
    '  On Debian/Ubuntu run:   sudo apt-get install chromium fonts-noto-cjk',
    '  Or point to any Chromium/Chrome binary:   SPROUT_CHROMIUM=/path/to/chrome npm test',
  ].join('\n'),
);
process.exit(1);
