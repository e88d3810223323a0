import type { Standing, Timeline } from './timeline.js';

const esc = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** NHS.UK colours: green for a permit, red for emergency access, warm yellow for "only if asked". */
const FILL: Readonly<Record<Standing, string>> = {
  permit: '#007f3b',
  emergency: '#d5281b',
  ask: '#ffb81c',
  deny: '#e8edee',
};
const LEGEND: readonly [Standing, string][] = [
  ['permit', 'could see it'],
  ['emergency', 'emergency access'],
  ['ask', 'only if the patient agrees first'],
  ['deny', 'could not see it'],
];

const day = (d: Date): string =>
  d.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

/**
 * The timeline as an SVG drawn on the server (no script): a row per organisation, time
 * left to right, coloured by standing, with a circle for each opening of the record and a
 * diamond for each emergency. Every shape has a <title>, so screen readers and tooltips
 * say what it is; the whole has a title and a description.
 */
export const timelineSvg = (t: Timeline, id = 'timeline'): string => {
  const label = 220;
  const width = 760;
  const row = 34;
  const top = 40;
  const plot = width - label - 10;
  const span = Math.max(1, t.to.getTime() - t.from.getTime());
  const x = (d: Date): number =>
    label + Math.round((plot * (d.getTime() - t.from.getTime())) / span);
  const rows = new Map(t.organisations.map((o, i) => [o.organisationId, i]));
  const height = top + row * t.organisations.length + 70;
  const nameOf = (organisationId: string): string =>
    t.organisations.find((o) => o.organisationId === organisationId)?.name ?? organisationId;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="Arial, sans-serif" font-size="13">`,
    `<title id="${id}-title">Who could see ${esc(t.patient.name)}’s record, ${esc(day(t.from))} to ${esc(day(t.to))}</title>`,
    `<desc id="${id}-desc">${t.organisations.length} organisations, one row each; ${t.marks.filter((m) => m.kind === 'view').length} openings of the record and ${t.marks.filter((m) => m.kind === 'emergency').length} emergencies marked.</desc>`,
  );
  for (let i = 0; i <= 4; i += 1) {
    const at = new Date(t.from.getTime() + (span * i) / 4);
    const tx = x(at);
    parts.push(
      `<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${top + row * t.organisations.length}" stroke="#aeb7bd" stroke-dasharray="2 3"/>`,
      `<text x="${tx}" y="${top - 12}" text-anchor="${i === 0 ? 'start' : i === 4 ? 'end' : 'middle'}" fill="#212b32">${esc(day(at))}</text>`,
    );
  }
  t.organisations.forEach((o, i) => {
    parts.push(
      `<text x="0" y="${top + row * i + row / 2 + 4}" fill="#212b32">${esc(o.name.length > 30 ? `${o.name.slice(0, 29)}…` : o.name)}</text>`,
    );
  });
  for (const s of t.segments) {
    const i = rows.get(s.organisationId);
    if (i === undefined) continue;
    const x1 = x(s.from);
    const w = Math.max(1, x(s.to) - x1);
    parts.push(
      `<rect x="${x1}" y="${top + row * i + 6}" width="${w}" height="${row - 12}" fill="${FILL[s.standing]}"><title>${esc(nameOf(s.organisationId))}: ${esc(s.why)}, ${esc(day(s.from))} to ${esc(day(s.to))}</title></rect>`,
    );
  }
  // Emergencies last, so an opening at the same moment never hides one.
  const marks = [...t.marks].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'view' ? -1 : 1));
  for (const m of marks) {
    const i = rows.get(m.organisationId);
    if (i === undefined) continue;
    const cx = x(m.at);
    const cy = top + row * i + row / 2;
    const title = `<title>${esc(nameOf(m.organisationId))}: ${esc(m.note)}, ${esc(day(m.at))}</title>`;
    parts.push(
      m.kind === 'view'
        ? `<circle cx="${cx}" cy="${cy}" r="6" fill="#005eb8" stroke="#fff" stroke-width="2">${title}</circle>`
        : `<path d="M ${cx} ${cy - 9} L ${cx + 9} ${cy} L ${cx} ${cy + 9} L ${cx - 9} ${cy} Z" fill="#330072" stroke="#fff" stroke-width="2">${title}</path>`,
    );
  }
  const legendY = top + row * t.organisations.length + 24;
  let lx = 0;
  for (const [standing, text] of LEGEND) {
    parts.push(
      `<rect x="${lx}" y="${legendY - 11}" width="14" height="14" fill="${FILL[standing]}" stroke="#768692"/>`,
      `<text x="${lx + 20}" y="${legendY}" fill="#212b32">${esc(text)}</text>`,
    );
    lx += 40 + text.length * 7;
  }
  const marksY = legendY + 24;
  parts.push(
    `<circle cx="7" cy="${marksY - 4}" r="6" fill="#005eb8"/>`,
    `<text x="20" y="${marksY}" fill="#212b32">record opened</text>`,
    `<path d="M 147 ${marksY - 13} L 156 ${marksY - 4} L 147 ${marksY + 5} L 138 ${marksY - 4} Z" fill="#330072"/>`,
    `<text x="162" y="${marksY}" fill="#212b32">emergency access invoked</text>`,
    '</svg>',
  );
  return parts.join('\n');
};

/** A page that stands alone (`consentry audit report --html`): the picture, then each mark in words. */
export const timelineHtml = (t: Timeline): string => {
  const nameOf = (id: string): string =>
    t.organisations.find((o) => o.organisationId === id)?.name ?? id;
  const nhs = `${t.patient.nhsNumber.slice(0, 3)} ${t.patient.nhsNumber.slice(3, 6)} ${t.patient.nhsNumber.slice(6)}`;
  const rows = t.segments
    .filter((s) => s.standing === 'permit' || s.standing === 'emergency')
    .map(
      (s) =>
        `<tr><td>${esc(nameOf(s.organisationId))}</td><td>${esc(s.why)}</td><td>${esc(s.from.toISOString())}</td><td>${esc(s.to.toISOString())}</td></tr>`,
    )
    .join('\n');
  const marks = t.marks
    .map(
      (m) =>
        `<tr><td>${esc(m.at.toISOString())}</td><td>${esc(nameOf(m.organisationId))}</td><td>${esc(m.note)}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Who could see ${esc(t.patient.name)}’s record – Consentry audit</title>
<style>body{font-family:Arial,sans-serif;color:#212b32;max-width:60em;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:1em 0}td,th{border-bottom:1px solid #d8dde0;padding:.4em .8em;text-align:left}</style>
</head>
<body>
<h1>Who could see ${esc(t.patient.name)}’s record</h1>
<p>NHS number ${esc(nhs)}, from ${esc(t.from.toISOString())} to ${esc(t.to.toISOString())}. Decisions are for direct care, replayed from the event store as they stood at each moment.</p>
${timelineSvg(t)}
<h2>Who could see it, and why</h2>
<table><thead><tr><th>Organisation</th><th>Basis</th><th>From</th><th>To</th></tr></thead><tbody>
${rows || '<tr><td colspan="4">Nobody but the GP practice</td></tr>'}
</tbody></table>
<h2>Openings and emergencies</h2>
<table><thead><tr><th>When</th><th>Organisation</th><th>What</th></tr></thead><tbody>
${marks || '<tr><td colspan="3">None in this period</td></tr>'}
</tbody></table>
</body>
</html>
`;
};
