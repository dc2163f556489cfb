/**
 * Finding Thunderbird's profiles. Each installation root holds `profiles.ini` (sections
 * `[ProfileN]` with `Name`, `Path`, `IsRelative`, `Default=1`, and since Thunderbird 68
 * `[Install<hash>]` sections with `Default=<path>`) and `installs.ini` (the same `[<hash>]`
 * sections). The profile an installation starts with is the default; without one, the
 * `Default=1` profile; a root with a single profile has that one.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ThunderbirdProfile {
  readonly name: string;
  /** The profile's folder, absolute. */
  readonly dir: string;
  readonly isDefault: boolean;
  /** The installation root whose profiles.ini lists it. */
  readonly root: string;
  /** Whether the folder is there (profiles.ini can outlive a deleted profile). */
  readonly exists: boolean;
}

export interface Platform {
  readonly platform: NodeJS.Platform;
  readonly home: string;
  /** Windows' %APPDATA%. */
  readonly appData?: string;
}

/** Where Thunderbird keeps profiles.ini on this system: the usual place first, then Flatpak and Snap on Linux. */
export function thunderbirdRoots(p: Platform): string[] {
  if (p.platform === 'win32') return [path.win32.join(p.appData ?? path.win32.join(p.home, 'AppData', 'Roaming'), 'Thunderbird')];
  if (p.platform === 'darwin') return [path.posix.join(p.home, 'Library', 'Thunderbird')];
  return [
    path.posix.join(p.home, '.thunderbird'),
    path.posix.join(p.home, '.var', 'app', 'org.mozilla.Thunderbird', '.thunderbird'),
    path.posix.join(p.home, 'snap', 'thunderbird', 'common', '.thunderbird'),
  ];
}

/** INI text as sections of keys, in order; `;` and `#` start comments. Later keys win. */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const raw of text.replace(/^\ufeff/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section !== null) {
      current = new Map();
      sections.set((section[1] as string).trim(), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current !== null && eq > 0) current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return sections;
}

/** The profiles a root's profiles.ini (and installs.ini, when there is one) describe. */
export function profilesOf(root: string, profilesIni: string, installsIni: string | null): Array<Omit<ThunderbirdProfile, 'exists'>> {
  const ini = parseIni(profilesIni);
  const resolve = (value: string, relative: boolean) => (relative ? path.join(root, ...value.split(/[\\/]/)) : path.normalize(value));
  const installDefaults = new Set<string>();
  const installSections = [...ini].filter(([name]) => name.startsWith('Install')).map(([, keys]) => keys);
  if (installsIni !== null) installSections.push(...parseIni(installsIni).values());
  for (const keys of installSections) {
    const value = keys.get('Default');
    if (value !== undefined && value !== '') installDefaults.add(value.replace(/\\/g, '/'));
  }
  const listed = [...ini].filter(([name]) => /^Profile\d+$/.test(name));
  const profiles = listed.flatMap(([, keys]) => {
    const where = keys.get('Path');
    if (where === undefined || where === '') return [];
    const relative = keys.get('IsRelative') !== '0';
    return [{ name: keys.get('Name') ?? path.basename(where), dir: resolve(where, relative), key: where.replace(/\\/g, '/'), flagged: keys.get('Default') === '1' }];
  });
  const byInstall = profiles.some((p) => installDefaults.has(p.key));
  return profiles.map((p) => ({
    name: p.name,
    dir: p.dir,
    root,
    isDefault: byInstall ? installDefaults.has(p.key) : p.flagged || profiles.length === 1,
  }));
}

/** Every profile found under `roots`; a root without profiles.ini is passed over. */
export async function findProfiles(roots: readonly string[]): Promise<ThunderbirdProfile[]> {
  const found: ThunderbirdProfile[] = [];
  for (const root of roots) {
    const profilesIni = await readFile(path.join(root, 'profiles.ini'), 'utf8').catch(() => null);
    if (profilesIni === null) continue;
    const installsIni = await readFile(path.join(root, 'installs.ini'), 'utf8').catch(() => null);
    for (const profile of profilesOf(root, profilesIni, installsIni)) {
      const exists = await stat(profile.dir).then(
        (s) => s.isDirectory(),
        () => false,
      );
      found.push({ ...profile, exists });
    }
  }
  return found;
}
