import { describe, expect, it } from 'vitest';
import { parsePrefs, prefBool, prefInt, prefList, prefString } from './prefs';
import { PREFS_JS } from './testing/profile-tree';

describe('prefs.js', () => {
  it('reads statements in any order, with escapes, comments and values split over lines', () => {
    const prefs = parsePrefs(PREFS_JS);
    expect(prefString(prefs, 'mail.identity.id1.fullName')).toBe('Zoë "Z" O\'Brien');
    expect(prefString(prefs, 'mail.server.server2.directory')).toBe('C:\\Users\\old\\Thunderbird\\Mail\\pop.example.com');
    expect(prefString(prefs, 'mail.server.server4.name')).toBe("single 'quoted'");
    expect(prefInt(prefs, 'mail.server.server4.port', 0)).toBe(993);
    expect(prefBool(prefs, 'mail.server.server2.leave_on_server', false)).toBe(true);
    expect(prefList(prefs, 'mail.accountmanager.accounts')).toEqual(['account2', 'account3', 'account1', 'account4']);
    expect(prefs.values.has('mail.server.server4.unreadable')).toBe(false);
    expect(prefs.unreadable).toBe(1);
  });

  it('decodes \\x and \\u escapes, surrogate pairs included; later statements win; pref( and sticky_pref( count', () => {
    const prefs = parsePrefs('user_pref("a", "\\x41\\u00e9\\ud83d\\ude00");\npref("b", -5, locked);\nsticky_pref("c", false);\nuser_pref("a2", "x");user_pref("a2", "y");');
    expect([...prefs.values]).toEqual([
      ['a', 'Aé😀'],
      ['b', -5],
      ['c', false],
      ['a2', 'y'],
    ]);
  });

  it('an unreadable statement is counted and the next ones still read', () => {
    const prefs = parsePrefs('user_pref("a", nope);\nuser_pref("b" 1);\nbogus("c", 1);\nuser_pref("d", 4);\n');
    expect([...prefs.values]).toEqual([['d', 4]]);
    expect(prefs.unreadable).toBe(3);
  });
});
