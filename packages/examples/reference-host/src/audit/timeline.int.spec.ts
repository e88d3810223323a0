import * as E from 'fp-ts/lib/Either.js';
import { inMemoryEventStore, type EventStore } from '@consentry/core';
import { ALICE_NHS, tellStory } from './__fixtures__/story.js';
import { loadTimeline, type Timeline } from './timeline.js';
import { timelineHtml, timelineSvg } from './timelineSvg.js';

let store: EventStore;
beforeAll(async () => {
  store = inMemoryEventStore();
  await tellStory(store, false);
});

const timeline = async (window: { from?: Date; to: Date }): Promise<Timeline> => {
  const loaded = await loadTimeline(store, ALICE_NHS, window);
  if (E.isLeft(loaded)) throw new Error(loaded.left);
  return loaded.right;
};
const row = (t: Timeline, organisationId: string) =>
  t.segments
    .filter((s) => s.organisationId === organisationId)
    .map(
      (s) =>
        `${s.from.toISOString().slice(5, 16)}–${s.to.toISOString().slice(5, 16)} ${s.standing} ${s.code}`,
    );

describe('the timeline of who could see a record', () => {
  it('follows the as-of replay: Cornwall refused, then asked for a code, then could see it, then not', async () => {
    const t = await timeline({ to: new Date('2026-07-03T00:00:00Z') });
    expect(t.from.toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(row(t, 'cornwall-hospital')).toEqual([
      '07-01T09:00–07-01T10:00 deny no-care-relationship',
      '07-01T10:00–07-01T10:02 ask verify',
      '07-01T10:02–07-02T09:00 permit sharing-in-consent',
      '07-02T09:00–07-03T00:00 deny patient-dissent',
    ]);
    expect(row(t, 'leic-hospital')).toEqual([
      '07-01T09:00–07-01T09:05 deny no-care-relationship',
      '07-01T09:05–07-03T00:00 permit sharing-in-consent',
    ]);
    expect(row(t, 'leic-practice')).toEqual(['07-01T09:00–07-03T00:00 permit registered-practice']);
    expect(t.marks).toEqual([
      expect.objectContaining({ organisationId: 'cornwall-hospital', kind: 'view' }),
    ]);
  });

  it('starts at --from with the standing then, and marks only what happened in the period', async () => {
    const t = await timeline({
      from: new Date('2026-07-01T12:00:00Z'),
      to: new Date('2026-07-02T12:00:00Z'),
    });
    expect(row(t, 'cornwall-hospital')).toEqual([
      '07-01T12:00–07-02T09:00 permit sharing-in-consent',
      '07-02T09:00–07-02T12:00 deny patient-dissent',
    ]);
    expect(t.marks).toEqual([]);
  });

  it('says so for a patient not registered in the period', async () => {
    const before = await loadTimeline(store, ALICE_NHS, {
      from: new Date('2026-06-01T00:00:00Z'),
      to: new Date('2026-06-02T00:00:00Z'),
    });
    expect(before).toEqual(
      E.left(`no patient with NHS number ${ALICE_NHS} was registered in that period`),
    );
    expect(E.isLeft(await loadTimeline(store, '9999999999', { to: new Date() }))).toBe(true);
  });

  it('draws an SVG with a titled shape for each stretch and each opening, escaping names', async () => {
    const t = await timeline({ to: new Date('2026-07-03T00:00:00Z') });
    const svg = timelineSvg({
      ...t,
      organisations: t.organisations.map((o) =>
        o.organisationId === 'leic-practice' ? { ...o, name: 'Wigston <Lane> & Co' } : o,
      ),
    });
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="timeline-title timeline-desc"/);
    expect(svg).toContain('Wigston &lt;Lane&gt; &amp; Co');
    expect(svg).not.toContain('<Lane>');
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(t.segments.length);
    expect(svg.match(/<circle [^>]*><title>/g)).toHaveLength(1);
    expect(svg).toContain('Royal Cornwall Hospital: record opened');
    const html = timelineHtml(t);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h1>Who could see Alice Smith’s record</h1>');
    expect(html).not.toContain('<script');
  });
});
