// Ship a finished ABC calibration as the posterior every ensemble reads: posterior/posterior.csv and
// posterior.json become scenarios/posterior/default.csv and default.json, each written whole (a
// temporary file, then a rename). The check recorded for the previous posterior no longer applies
// and is removed, so nothing calls the new draws a fit before `npm run posterior:check` has run.
//
//   node scripts/ship-posterior.mjs [DIR]     DIR defaults to posterior/
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const from = resolve(process.argv[2] ?? 'posterior');
const to = join(root, 'scenarios', 'posterior');
const missing = ['posterior.csv', 'posterior.json'].filter((f) => !existsSync(join(from, f)));
if (missing.length) {
  process.stderr.write(`${from}: no ${missing.join(' or ')} (run npm run posterior first)\n`);
  process.exit(2);
}
for (const [src, dst] of [
  ['posterior.csv', 'default.csv'],
  ['posterior.json', 'default.json'],
]) {
  const tmp = join(to, `.${dst}.${process.pid}.tmp`);
  copyFileSync(join(from, src), tmp);
  renameSync(tmp, join(to, dst));
}
rmSync(join(to, 'default.check.json'), { force: true });
process.stdout.write(`shipped ${from} to scenarios/posterior/ (run npm run posterior:check next)\n`);
