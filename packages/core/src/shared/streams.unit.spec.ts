import { streamName } from '../eventStore/streamName.js';
import { streams } from './streams.js';

describe('streams: names kept per id', () => {
  it('is streamName(category, id) for every id, kept set or not (past the 10,000 kept)', () => {
    for (let i = 0; i < 25_000; i += 1) {
      const id = `p${i % 12_000}`;
      expect(streams.consent(id)).toBe(streamName('consent', id));
      expect(streams.patient(id)).toBe(streamName('patient', id));
    }
    expect(streams.practiceLists('leic-practice')).toBe('practiceLists-leic-practice');
    expect(streams.organisation('leic-hospital')).toBe('organisation-leic-hospital');
    expect(streams.refusals('alice')).toBe('refusals-alice');
  });

  it('still refuses an empty id, every time', () => {
    expect(() => streams.consent('')).toThrow(/Empty id/);
    expect(() => streams.consent('')).toThrow(/Empty id/);
  });
});
