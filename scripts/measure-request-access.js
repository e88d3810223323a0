// What one requestAccess costs, for comparing two builds of core (docs/performance.md,
// "The trust model's cost"). Usage: node scripts/measure-request-access.js <core dist/index.js> <commands> [checkAccess]
// (with `checkAccess`, the same count of checkAccess calls after the same warm-up instead; with
// `verify`, every patient requires a code by text, the clock moves 10 minutes a command, and each
// requestAccess issues a challenge and sends its code through the notification reactor).
// Seeds 50 patients in memory (allowed for all, cared for by a local hospital), warms up with
// 500 commands, then prints the CPU microseconds per command of the next <commands>. Run it
// under `valgrind --tool=callgrind node --jitless` with 0 and with N commands: the difference
// in instructions over N is the cost per command, whatever else the machine is doing.
const [, , corePath, nArg, opArg] = process.argv;
const core = await import(corePath);
const E = { isLeft: (x) => x._tag === 'Left' };
const keyring = core.keyringFromSecrets({
  currentKeyId: 'k1',
  keys: { k1: 'a development secret of at least 32 bytes!' },
}).right;
let t = Date.parse('2026-07-01T09:00:00Z');
const clock = { now: () => new Date(t) };
const notifier = {
  name: 'null',
  channels: ['sms', 'email'],
  send: () => async () => ({ _tag: 'Right', right: { providerId: 'x' } }),
};
const c = core.createConsentry({ eventStore: core.inMemoryEventStore(), notifier, clock, keyring });
const must = async (task, what) => {
  const r = await task();
  if (E.isLeft(r)) throw new Error(what + ' ' + JSON.stringify(r.left));
  return r.right;
};
const system = { actor: { kind: 'system', id: 's' } };
for (const [id, kind, area] of [
  ['p', 'gp-practice', 'leic'],
  ['h', 'hospital', 'leic'],
])
  await must(
    c.registerOrganisation(
      { organisationId: id, odsCode: 'XYZ' + id, name: id, kind, area },
      system,
    ),
    'org',
  );
const patients = 50;
const nhs = (i) => {
  const b = String(100000000 + i * 7919).slice(0, 9);
  let s = 0;
  for (let k = 0; k < 9; k++) s += Number(b[k]) * (10 - k);
  const r = 11 - (s % 11);
  if (r === 10) return null;
  return b + (r === 11 ? 0 : r);
};
const ids = [];
for (let i = 0, made = 0; made < patients; i++) {
  const n = nhs(i);
  if (n === null) continue;
  const pid = 'pat' + made;
  made++;
  ids.push(pid);
  await must(
    c.registerPatient(
      {
        patientId: pid,
        nhsNumber: n,
        name: 'P',
        dateOfBirth: '1970-01-01',
        homeArea: 'leic',
        practiceId: 'p',
      },
      system,
    ),
    'pat',
  );
  const feed = { actor: { kind: 'organisation-system', id: 'f', organisationId: 'h' } };
  const r = await c.startCare({ patientId: pid, organisationId: 'h' }, feed)();
  if (E.isLeft(r))
    await must(
      c.startCare(
        { patientId: pid, organisationId: 'h' },
        { actor: { kind: 'organisation-staff', id: 's', organisationId: 'h' } },
      ),
      'care',
    );
  if (opArg === 'verify') {
    await must(
      c.recordContactDetails(
        { patientId: pid, mobile: '+447700900123', preferredChannel: 'sms' },
        { actor: { kind: 'patient', id: pid } },
      ),
      'contact',
    );
    await must(
      c.setSharingPreference(
        { patientId: pid, preference: 'require-verification', setBy: 'practice' },
        { actor: { kind: 'practice-staff', id: 'pm', organisationId: 'p' } },
      ),
      'verify',
    );
    continue;
  }
  await must(
    c.setSharingPreference(
      { patientId: pid, preference: 'allow', setBy: 'patient' },
      { actor: { kind: 'patient', id: pid } },
    ),
    'allow',
  );
}
// Ten minutes and a second a command: a patient comes round every 50 commands, 8.3 hours
// later, so no code is still open and at most three challenges fall in any 24 hours (the
// limit per patient and organisation): each command issues one and sends its code.
if (opArg === 'verify') clock.now = () => new Date((t += 601_000));
const staff = { actor: { kind: 'organisation-staff', id: 'clin', organisationId: 'h' } };
// warm up
for (let i = 0; i < 500; i++)
  await must(c.requestAccess({ patientId: ids[i % patients], organisationId: 'h' }, staff), 'warm');
const n = Number(nArg);
const op =
  opArg === 'checkAccess'
    ? (i) => c.checkAccess({ patientId: ids[i % patients], organisationId: 'h' })
    : (i) => c.requestAccess({ patientId: ids[i % patients], organisationId: 'h' }, staff);
for (let i = 0; i < 500 && opArg === 'checkAccess'; i++) await must(op(i), 'warm');
const cpu0 = process.cpuUsage();
for (let i = 0; i < n; i++) await must(op(i), 'op');
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ n, cpuUsPerCommand: n ? (cpu.user + cpu.system) / n : 0 }));
