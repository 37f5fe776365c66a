// Attack suite, ensemble files (issue 21, finding 7): a posterior file is read strictly (an empty
// cell, a hex number, a column twice are refused by line and column), Windows line ends are read,
// weights near the largest double still draw by weight, and the file has a byte limit.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { readPosterior } from '../../cli/calibrate-abc.ts';
import { UsageError } from '../../exec/errors.ts';
import { parsePosterior, resample } from '../../report/ensemble.ts';
import { tempDir } from '../cli/helpers.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);
const HEAD = 'ties.alpha,ties.decay,weight,distance';
const fail = (text: string) => {
  const r = parsePosterior(text);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.message;
};

describe('attack: posterior files', () => {
  it('an empty cell is refused (it was read as 0, and a sweep ran with ties.alpha=0)', () => {
    expect(fail(`${HEAD}\n,0.01,1,0.5\n`)).toBe(
      'line 2: ties.alpha: expected a decimal number, got an empty cell',
    );
  });

  it('a hexadecimal number is refused (0x10 was read as 16)', () => {
    expect(fail(`${HEAD}\n0x10,0.01,1,0.5\n`)).toBe(
      'line 2: ties.alpha: expected a decimal number, got "0x10"',
    );
  });

  it('a column named twice is refused (the second silently won)', () => {
    expect(fail('ties.alpha,ties.alpha,weight,distance\n0.1,0.2,1,0.5\n')).toBe(
      'line 1: the column ties.alpha is there twice',
    );
  });

  it('a number past the largest double is refused', () => {
    expect(fail(`${HEAD}\n1e999,0.01,1,0.5\n`)).toBe('line 2: ties.alpha: the number is too large');
  });

  it('a file with Windows line ends (CRLF) reads as the same file with LF', () => {
    const lf = `${HEAD}\n0.1,0.01,1,0.5\n0.2,0.02,2,0.4\n`;
    expect(parsePosterior(lf.replace(/\n/g, '\r\n'))).toEqual(parsePosterior(lf));
    expect(parsePosterior(lf).ok).toBe(true);
  });

  it('weights of 1e308 draw by weight, not every draw on the last particle', () => {
    const idx = resample([1e308, 1e308, 1e308, 1e308], 400, seedrandom('w'));
    const counts = [0, 1, 2, 3].map((i) => idx.filter((x) => x === i).length);
    expect(counts).toEqual([100, 100, 100, 100]);
    // The same draws as weights of 1 (scaling by the largest weight is exact for equal weights).
    expect(idx).toEqual(resample([1, 1, 1, 1], 400, seedrandom('w')));
  });

  it('a posterior file past the byte limit is a usage error, read no further', () => {
    const file = join(dir, 'huge.csv');
    writeFileSync(file, `${HEAD}\n${'0.1,0.01,1,0.5\n'.repeat(1_200_000)}`);
    expect(() => readPosterior(file)).toThrow(UsageError);
    expect(() => readPosterior(file)).toThrow(/at most 16777216 bytes/);
  });
});
