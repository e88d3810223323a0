import { streamCategory, streamName } from './streamName.js';

describe('streamName', () => {
  it('joins a lowerCamelCase category and an opaque id with a dash', () => {
    expect(streamName('patient', '0190c5a0-1')).toBe('patient-0190c5a0-1');
    expect(streamName('practiceList', 'A81001')).toBe('practiceList-A81001');
    expect(streamName('org2', 'x')).toBe('org2-x');
  });

  it.each(['', 'Patient', 'patient-list', 'patient_list', '1patient', 'patient list'])(
    'refuses the category %j',
    (category) => {
      expect(() => streamName(category, 'id')).toThrow(/Invalid stream category/);
    },
  );

  it('refuses an empty id', () => {
    expect(() => streamName('patient', '')).toThrow(/Empty id/);
  });
});

describe('streamCategory', () => {
  it('is the part before the first dash, even when the id has dashes', () => {
    expect(streamCategory('patient-0190c5a0-0000-7000')).toBe('patient');
    expect(streamCategory(streamName('practiceList', 'a-b'))).toBe('practiceList');
  });

  it('is the whole name when there is no dash', () => {
    expect(streamCategory('audit')).toBe('audit');
  });
});
