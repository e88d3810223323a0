// Summarises a V8 .cpuprofile: self and inclusive share per function.
// Usage: node top.js CPU.….cpuprofile [rows]
// Counts samples rather than summing timeDeltas: on a loaded machine a sample's delta
// includes time the process was not running, which inflates whatever was on the stack.
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const rows = Number(process.argv[3] ?? 25);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parentOf.set(child, node.id);
const hits = new Map();
for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);

const label = ({ callFrame: f }) =>
  `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
const self = new Map();
const inclusive = new Map();
for (const node of profile.nodes) {
  const n = hits.get(node.id) ?? 0;
  if (n === 0) continue;
  self.set(label(node), (self.get(label(node)) ?? 0) + n);
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parentOf.get(id)) {
    const name = label(byId.get(id));
    if (!seen.has(name)) (inclusive.set(name, (inclusive.get(name) ?? 0) + n), seen.add(name));
  }
}
const total = profile.samples.length;
const table = (m) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([name, n]) => `${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
console.log(`${total} samples\n-- self\n${table(self)}\n-- inclusive\n${table(inclusive)}`);
