// Groups a V8 .cpuprofile's self time by the step of a request it belongs to (docs/performance.md,
// "The cost of one request"). Usage: node profile/steps.js file.cpuprofile [µs per call] [top per step]
// With µs per call (the CPU µs of one call measured around the profiled loop), each step's
// share is also given in µs. Counts samples, not time deltas (see top.js).
import { readFileSync } from 'node:fs';

const [, , file, perCallArg, topArg] = process.argv;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const perCall = perCallArg === undefined ? undefined : Number(perCallArg);
const top = Number(topArg ?? 4);

// First match wins: [step, test on "url functionName"].
const steps = [
  ['garbage collection', /\(garbage collector\)/],
  ['V8/Node outside JS (program, idle)', /^ \((program|idle|root)\)/],
  ['tracing (OpenTelemetry)', /tracing\.js|opentelemetry/],
  ['metrics', /metrics\/|prom-client/],
  ['request logging', /pino|logging\.js|sonic-boom/],
  ['security headers', /helmet|headers\.js|noStore/],
  ['rate limits', /rate-limit/],
  [
    'bearer token / session lookup',
    /tokenScopes|principalFromRequest|hostDb|sessions\.js|access\.js.*(role|anyOf|preHandler)|security\//,
  ],
  [
    'HTTP parsing / Fastify / sockets',
    /fastify|find-my-way|avvio|light-my-request|_http|net\.js|stream_base|internal\/streams|http_parser|node:http|\/http\.js|\bsocket/i,
  ],
  ['JSON serialisation', /fast-json-stringify|serializ|stringify|JSON/],
  ['SQLite store / statements', /better-sqlite3|store-sqlite|sqlite/],
  ['encryption of personal data', /personalData|cipher|Cipher|aes|seal|vault/],
  [
    'HMAC (codes, blind index)',
    /createHmac|Hmac|deriveCode|\/code\.js|keyring|blindIndex|lookupKey/,
  ],
  ['hash chain (SHA-256)', /hashChain|createHash|digest|canonicalJson|\bhash/],
  ['notification (reactor, code sent, record)', /notification\/|notify\.js/],
  ['patient queue', /patientQueue/],
  ['trust rules', /trust\//],
  [
    'decision (policy, deciders)',
    /decideAccess|rules\/|policy\/|access\/decide|verification\/decide|verification\/limits|decide\.js|handlers\//,
  ],
  [
    'fold (evolve, state cache)',
    /evolve|state\.js|stateCache|folds\.js|foldOnto|consentRecord|caches?\//,
  ],
  [
    'decode (io-ts, branded values, upcast)',
    /fastDecode|decodeInput|brandedString|upcast|io-ts|codecs\.js|decodeDomain|inputs\.js/,
  ],
  [
    'store append (envelope, copy, freeze, log)',
    /eventStore\/|plainJson|prepareAppend|envelope|streamIo/,
  ],
  ['ids (uuid v7)', /ids\.js|randomUUID/],
  [
    'fp-ts plumbing, promises',
    /fp-ts|lib\/(function|Task|TaskEither|Either|EitherT|internal)\.js|promise|Promise|microtask|processTicks/i,
  ],
  ['the command runner (consentCommand, retry, refusals)', /application\//],
  ['the bench loop', /bench\//],
];

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const hits = new Map();
for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);
const total = profile.samples.length;
const label = ({ callFrame: f }) =>
  `${f.url.split('/').slice(-3).join('/')} ${f.functionName || '(anonymous)'}`;
const stepOf = (node) => {
  const text = `${node.callFrame.url} ${node.callFrame.functionName}`;
  return steps.find(([, test]) => test.test(text))?.[0] ?? 'other';
};
const perStep = new Map();
for (const node of byId.values()) {
  const n = hits.get(node.id) ?? 0;
  if (n === 0) continue;
  const step = stepOf(node);
  const entry = perStep.get(step) ?? { n: 0, fns: new Map() };
  entry.n += n;
  entry.fns.set(label(node), (entry.fns.get(label(node)) ?? 0) + n);
  perStep.set(step, entry);
}
console.log(
  `${total} samples (self time)${perCall === undefined ? '' : `, ${perCall} µs CPU a call`}`,
);
for (const [step, { n, fns }] of [...perStep].sort((a, b) => b[1].n - a[1].n)) {
  const share = (100 * n) / total;
  const us = perCall === undefined ? '' : ` ${((share * perCall) / 100).toFixed(1).padStart(6)} µs`;
  console.log(`${share.toFixed(1).padStart(5)}%${us}  ${step}`);
  for (const [fn, k] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`           ${((100 * k) / total).toFixed(1).padStart(5)}%  ${fn}`);
}
