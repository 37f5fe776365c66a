// Browser tests of issue 18: the view in front of a room with its own partners (a what-if that stays
// true, exports that print, captions for both panes, a store the panels subscribe to, a partner list).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hook, halvedHash, openPage, type Site, setField, startSite } from './harness.ts';

let site: Site;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site?.close();
});

type Groups = { plannedMeetings: number; interval: number; size: number }[];
const groupsOf = (page: import('playwright-core').Page, slot: 'A' | 'B') =>
  page.evaluate(
    (s) => (window as unknown as { __pilotnet: { groups(s: string): Groups | null } }).__pilotnet.groups(s),
    slot,
  );

describe('the what-if stays true (issue 18 item 1)', () => {
  it('B is A with every governance edit, then halved; B edited by hand says so and keeps its own values', async () => {
    const { page, errors } = await openPage(site, await halvedHash());
    const before = (await groupsOf(page, 'A'))!;
    await page.click('#edit-btn');
    // Every numeric governance field A's editor offers: planned meetings and members per group.
    const edits: Record<string, number> = {};
    for (let i = 0; i < before.length; i++) {
      const meetings = `governance.groups[${i}].plannedMeetings`;
      edits[meetings] = 16 + i;
      await setField(page, meetings, String(edits[meetings]));
      const size = `governance.groups[${i}].size`;
      if (await page.isEnabled(`[data-path="${size}"]`)) {
        edits[size] = 5 + i;
        await setField(page, size, String(edits[size]));
      }
    }
    await page.waitForFunction((want) => {
      const h = (window as unknown as { __pilotnet: Hook }).__pilotnet;
      const ran = (e: Record<string, unknown> | null) =>
        e !== null && Object.entries(want).every(([k, v]) => e[k] === v);
      return h.ready && ran(h.ranEdits.A) && ran(h.ranEdits.B);
    }, edits);
    const a = (await groupsOf(page, 'A'))!;
    const b = (await groupsOf(page, 'B'))!;
    for (let i = 0; i < a.length; i++) {
      expect(a[i].plannedMeetings).toBe(16 + i);
      expect(b[i].plannedMeetings).toBe(Math.ceil((16 + i) / 2));
      expect(b[i].interval).toBe(Math.min(520, a[i].interval * 2));
      expect(b[i].size).toBe(a[i].size);
      if (edits[`governance.groups[${i}].size`] !== undefined) expect(b[i].size).toBe(5 + i);
    }
    expect(await page.getAttribute('#net-b .net-preset', 'title')).toBe('A + meetings halved');
    // B edited by hand: its own value is taken as typed, the rest of B stays what it was.
    await page.click('#editor [data-slot="B"]');
    await setField(page, 'governance.groups[0].plannedMeetings', '3');
    await page.waitForFunction(() => {
      const h = (window as unknown as { __pilotnet: Hook }).__pilotnet;
      return h.ready && h.ranEdits.B?.['governance.groups[0].plannedMeetings'] === 3;
    });
    const b2 = (await groupsOf(page, 'B'))!;
    expect(b2[0].plannedMeetings).toBe(3);
    for (let i = 1; i < b2.length; i++) expect(b2[i].plannedMeetings).toBe(b[i].plannedMeetings);
    const label = await page.getAttribute('#net-b .net-preset', 'title');
    expect(label).not.toMatch(/^A \+ meetings halved$/);
    expect(label).toMatch(/edited/);
    // A edited again: B, a scenario of its own now, does not follow.
    await page.click('#editor [data-slot="A"]');
    await setField(page, 'governance.groups[1].plannedMeetings', '30');
    await page.waitForFunction(() => {
      const h = (window as unknown as { __pilotnet: Hook }).__pilotnet;
      return h.ready && h.ranEdits.A?.['governance.groups[1].plannedMeetings'] === 30;
    });
    expect((await groupsOf(page, 'B'))![1].plannedMeetings).toBe(b[1].plannedMeetings);
    expect(errors).toEqual([]);
    await page.close();
  });
});
