// Every Markdown file of the repository renders as written: each code fence closes (CommonMark, as
// markdown-it parses it), so no section after a block is swallowed into it. A closing fence with
// text after it does not close (headless.md once rendered three sections as code that way).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.ts';

const SKIP = new Set(['node_modules', 'lib', 'dist', 'results', '.git', '.vite', 'sensitivity']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : markdownFiles(join(dir, e.name));
    return e.name.endsWith('.md') ? [join(dir, e.name)] : [];
  });
}

/** Problems of one Markdown text: fences that never close, and would-be closers with text after them. */
function fenceProblems(text: string, name = 'text'): string[] {
  const lines = text.split('\n');
  const problems: string[] = [];
  for (const t of new MarkdownIt().parse(text, {})) {
    if (t.type !== 'fence' || !t.map) continue;
    const [start, end] = t.map;
    const char = t.markup[0] === '~' ? '~' : '`';
    const closer = new RegExp(`^ {0,3}\\${char}{${t.markup.length},}[ \\t]*$`);
    if (end - 1 <= start || !closer.test(lines[end - 1] ?? ''))
      problems.push(`${name}:${start + 1}: the code fence opened here never closes`);
    for (let i = start + 1; i < end - 1; i++)
      if (new RegExp(`^ {0,3}\\${char}{${t.markup.length},}\\s*\\S`).test(lines[i]) && char === '`')
        problems.push(`${name}:${i + 1}: text after a closing fence: the block stays open`);
  }
  return problems;
}

describe('Markdown renders as written', () => {
  it('the check finds an unclosed fence and a closer with text after it', () => {
    expect(fenceProblems('# a\n\n```\ncode\n```\n\ntext\n')).toEqual([]);
    expect(fenceProblems('```sh\nls\n``` then prose\n\n## Next\n')).toEqual([
      'text:1: the code fence opened here never closes',
      'text:3: text after a closing fence: the block stays open',
    ]);
    expect(fenceProblems('````\n```\nnested\n```\n````\n')).toEqual([]);
  });

  const files = markdownFiles(ROOT);
  it('finds the documentation', () => {
    const names = files.map((f) => relative(ROOT, f));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'docs/headless.md', 'docs/ODD.md']));
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s: every code fence closes', (_name, file) => {
    expect(fenceProblems(readFileSync(file, 'utf8'), _name)).toEqual([]);
  });
});
