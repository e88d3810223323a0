import fs from 'node:fs';
import path from 'node:path';
import { scenarioTests } from './index.js';

const library = path.resolve(__dirname, '../../../../examples/scenarios');

// Every story of the scenario library runs in CI, one test per file.
scenarioTests(library);

describe('docs/scenarios.md', () => {
  it('shows library files exactly as they are', () => {
    const doc = fs.readFileSync(
      path.resolve(__dirname, '../../../../../docs/scenarios.md'),
      'utf8',
    );
    const examples = [...doc.matchAll(/<!-- scenario: (\S+) -->\n+```yaml\n([\s\S]*?)```/g)];
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const [, file, text] of examples)
      expect({ file, text }).toEqual({
        file,
        text: fs.readFileSync(path.join(library, file!), 'utf8'),
      });
  });
});
