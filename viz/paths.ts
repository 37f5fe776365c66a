// Dotted paths into a scenario (`governance.groups[1].plannedMeetings`) for the page's controls.
export function parsePathLoose(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([A-Za-z_$][\w$-]*)|\[(\d+)\]/g)) out.push(m[1] ?? Number(m[2]));
  return out;
}

export function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of parsePathLoose(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}
