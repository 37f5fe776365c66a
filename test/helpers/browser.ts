// The browser the browser tests (and bench/view.ts) drive: the system's Chromium where there is one,
// otherwise the Chromium that npm installed with the dev dependencies (@sparticuz/chromium, a
// brotli-compressed headless shell for Linux x64/arm64), so `npm test` needs no root and no apt.
//
//   PILOTNET_CHROMIUM unset     the first system Chromium found, else npm's
//   PILOTNET_CHROMIUM=npm       npm's, even where the system has one (how a fresh machine is tested)
//   PILOTNET_CHROMIUM=system    the system's, or a clear error
//   PILOTNET_CHROMIUM=/a/path   that executable
//
// npm's Chromium is unpacked once (about 5 s, 200 MB) into node_modules/.cache/pilotnet-chromium/,
// into a private temporary folder first and then renamed, so test files starting together never
// see half an executable; the package's own default (/tmp/chromium) is left alone.
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');

/** Where systems put Chromium or Chrome, in the order they are tried. */
export const SYSTEM_CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export interface FoundBrowser {
  executablePath: string;
  /** Where it came from: the system, npm's package, or the path PILOTNET_CHROMIUM named. */
  source: 'system' | 'npm' | 'env';
  /** Environment for the browser process (npm's Chromium is pointed at its own fonts). */
  env?: Record<string, string>;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function systemChromium(): string | undefined {
  return SYSTEM_CHROMIUM.find(executable);
}

/** Unpacks npm's Chromium once into the cache folder (whole or not at all) and returns its folder. */
async function npmChromium(): Promise<string> {
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch))
    throw new Error(
      `npm's Chromium (@sparticuz/chromium) runs on Linux x64/arm64 only, not ${process.platform}/${process.arch}; ` +
        'install Chromium or Chrome, or set PILOTNET_CHROMIUM=/path/to/chromium',
    );
  const require = createRequire(import.meta.url);
  let version: string;
  try {
    // The package exports no package.json: read it beside the entry point the package names.
    const entry = require.resolve('@sparticuz/chromium');
    const dir = entry.slice(
      0,
      entry.lastIndexOf(join('@sparticuz', 'chromium')) + '@sparticuz/chromium'.length,
    );
    version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    throw new Error(
      'no system Chromium and no @sparticuz/chromium in node_modules: run `npm ci` (it is a dev dependency), ' +
        'or set PILOTNET_CHROMIUM=/path/to/chromium',
    );
  }
  const cache = join(ROOT, 'node_modules', '.cache', 'pilotnet-chromium');
  const home = join(cache, version);
  if (executable(join(home, 'chromium'))) return home;
  mkdirSync(cache, { recursive: true });
  const temp = mkdtempSync(join(cache, `.unpack-${process.pid}-`));
  // The package unpacks into os.tmpdir(), read from TMPDIR at the call: point it at the private folder.
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = temp;
  try {
    const { default: Sparticuz } = await import('@sparticuz/chromium');
    const path = await Sparticuz.executablePath();
    if (path !== join(temp, 'chromium'))
      throw new Error(`@sparticuz/chromium unpacked to ${path}, not ${temp}`);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  try {
    renameSync(temp, home);
  } catch (e) {
    // Another test file unpacked it first: use theirs.
    rmSync(temp, { recursive: true, force: true });
    if (!executable(join(home, 'chromium'))) throw e;
  }
  return home;
}

/**
 * The folder of the fontconfig file npm's Chromium reads (FONTCONFIG_PATH): the fonts beside it, by
 * their real path, and the system's. Written for each checkout in the system's temporary folder, not
 * in the shared cache: a fonts.conf written there once named the checkout that unpacked it, and from
 * another checkout sharing its node_modules (or once that one was gone) it named a missing folder,
 * so the browser drew with the system's fonts alone, not the ones a fresh machine and CI draw with.
 */
function fontsConfig(home: string): string {
  // The package's fonts.conf names /tmp/fonts; ours names the fonts beside it and the system's.
  const real = realpathSync(home);
  const text =
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n' +
    `  <dir>${join(real, 'fonts', 'fonts')}</dir>\n  <dir>/usr/share/fonts</dir>\n` +
    `  <cachedir>${join(real, 'fonts-cache')}</cachedir>\n</fontconfig>\n`;
  const dir = join(
    tmpdir(),
    `pilotnet-fonts-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`,
  );
  const file = join(dir, 'fonts.conf');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Whole or not at all: test files starting together may write it at once.
    const part = `${file}.${process.pid}`;
    writeFileSync(part, text);
    renameSync(part, file);
  }
  return dir;
}

/** Finds the browser to drive, as the header says; throws a message naming every way out. */
export async function findChromium(): Promise<FoundBrowser> {
  const wanted = process.env.PILOTNET_CHROMIUM?.trim() ?? '';
  if (wanted !== '' && wanted !== 'npm' && wanted !== 'system') {
    if (!executable(wanted)) throw new Error(`PILOTNET_CHROMIUM=${wanted}: no executable there`);
    return { executablePath: wanted, source: 'env' };
  }
  if (wanted !== 'npm') {
    const system = systemChromium();
    if (system) return { executablePath: system, source: 'system' };
    if (wanted === 'system')
      throw new Error(`PILOTNET_CHROMIUM=system: none of ${SYSTEM_CHROMIUM.join(', ')} exists`);
  }
  const home = await npmChromium();
  return {
    executablePath: join(home, 'chromium'),
    source: 'npm',
    env: { FONTCONFIG_PATH: fontsConfig(home) },
  };
}

/** The flags every launch here uses: no sandbox (tests run as root in containers), no network chatter. */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the browser findChromium() finds, headless, with BROWSER_ARGS plus `extra`. */
export async function launchChromium(extra: LaunchOptions = {}): Promise<Browser> {
  const found = await findChromium();
  return chromium.launch({
    ...extra,
    headless: true,
    executablePath: found.executablePath,
    args: [...BROWSER_ARGS, ...(extra.args ?? [])],
    env: found.env ? { ...(process.env as Record<string, string>), ...found.env } : extra.env,
  });
}
