// The source lines a V8 .cpuprofile's samples were on (self time), with the line's text:
//   node profile/lines.js CPU.cpuprofile [rows] [function]
// Finds cost spread thin over many functions, e.g. one expensive expression in each. With a
// function name, only the samples taken while that function was on the stack count. Async
// steps resumed from the microtask queue have no caller on the stack: name the innermost
// function of the path that awaits (e.g. a handler's own async step), not the caller's loop.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const rows = Number(process.argv[3] ?? 30);
const under = process.argv[4];
const parentOf = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parentOf.set(child, node);
const counts = (node) => {
  if (under === undefined) return true;
  for (let at = node; at !== undefined; at = parentOf.get(at.id))
    if (at.callFrame.functionName === under) return true;
  return false;
};
const lines = new Map();
let total = 0;
for (const node of profile.nodes.filter(counts))
  for (const { line, ticks } of node.positionTicks ?? []) {
    const key = `${node.callFrame.url}:${line}`;
    lines.set(key, (lines.get(key) ?? 0) + ticks);
    total += ticks;
  }
const text = (key) => {
  const at = key.lastIndexOf(':');
  const url = key.slice(0, at);
  if (!url.startsWith('file:')) return '';
  const source = readFileSync(fileURLToPath(url), 'utf8').split('\n');
  return source[Number(key.slice(at + 1)) - 1]?.trim().slice(0, 90) ?? '';
};
for (const [key, ticks] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, rows))
  console.log(
    `${((100 * ticks) / total).toFixed(1).padStart(5)}%  ${key.split('/').slice(-3).join('/')}  ${text(key)}`,
  );
