import { parseConnectionString, schemaFromUrl } from './postgresPool.js';

describe('parseConnectionString', () => {
  it('reads several servers and target_session_attrs, libpq style', () => {
    const parsed = parseConnectionString(
      'postgres://u:p%40ss@db1:5432,db2,[::1]:6543/consentry?target_session_attrs=read-write&sslmode=disable',
    );
    expect(parsed.hosts).toEqual([
      { host: 'db1', port: 5432 },
      { host: 'db2', port: 5432 },
      { host: '::1', port: 6543 },
    ]);
    expect(parsed.targetSessionAttrs).toBe('read-write');
    // What pg reads: one server, the attribute gone, everything else kept.
    expect(parsed.single).toBe('postgres://u:p%40ss@db1:5432/consentry?sslmode=disable');
  });

  it('takes a plain one-server string as it is, for any server', () => {
    const parsed = parseConnectionString('postgresql://127.0.0.1/db');
    expect(parsed).toEqual({
      hosts: [{ host: '127.0.0.1', port: 5432 }],
      targetSessionAttrs: 'any',
      single: 'postgresql://127.0.0.1:5432/db',
    });
  });

  it('refuses what it cannot read, naming the problem', () => {
    expect(() => parseConnectionString('mysql://db/x')).toThrow('postgres://');
    expect(() => parseConnectionString('postgres://db1,,db2/x')).toThrow('bad host');
    expect(() => parseConnectionString('postgres://db/x?target_session_attrs=writable')).toThrow(
      'target_session_attrs must be one of',
    );
  });
});

describe('schemaFromUrl', () => {
  it('takes the schema parameter out, and defaults to consentry', () => {
    expect(
      schemaFromUrl('postgres://db1,db2/c?schema=region_a&target_session_attrs=read-write'),
    ).toEqual({
      url: 'postgres://db1,db2/c?target_session_attrs=read-write',
      schema: 'region_a',
    });
    expect(schemaFromUrl('postgres://db/c?schema=b')).toEqual({
      url: 'postgres://db/c',
      schema: 'b',
    });
    expect(schemaFromUrl('postgres://db/c')).toEqual({
      url: 'postgres://db/c',
      schema: 'consentry',
    });
  });
});
