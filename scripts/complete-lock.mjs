#!/usr/bin/env node
// Completes package-lock.json with the optional platform binaries of other systems (biome's and
// rollup's macOS, Windows, musl ... builds). The registry this project is developed against serves
// only this machine's builds, so `npm install` leaves the others out of the lock and `npm ci`
// then refuses the lock as out of sync. Each missing optional dependency gets the entry npm
// itself writes for a package of another platform: version, os, cpu (and libc), optional, dev.
// Run after any change to the lock: `npm run lock:complete`, then check with `npm ci`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;

/** os, cpu and libc from a platform package name such as rollup-linux-arm-musleabihf. */
function platformOf(name) {
  const m =
    /-(android|darwin|freebsd|linux|openbsd|openharmony|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x)(?:-(eabi|gnueabihf|musleabihf|gnu|musl|msvc))?$/.exec(
      name,
    );
  if (!m) return null;
  const [, os, cpu, abi] = m;
  const out = { os: [os], cpu: [cpu] };
  if (os === 'linux' && (abi === 'musl' || abi === 'musleabihf')) out.libc = ['musl'];
  else if (
    os === 'linux' &&
    (abi === 'gnu' || abi === 'gnueabihf' || abi === undefined) &&
    name.includes('rollup')
  )
    out.libc = ['glibc'];
  return out;
}

let added = 0;
for (const [path, entry] of Object.entries(pkgs)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (pkgs[key] || pkgs[`${path}/${key}`]) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    pkgs[key] = {
      version: range.replace(/^[\^~=]/, ''),
      ...platform,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
    };
    added++;
  }
}
// npm keeps the packages sorted by path.
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} optional platform packages added`);
