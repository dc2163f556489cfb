import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../../shared/ipc/calls/app';
import { getBridge } from '../../bridge/bridge';
import { saveSetting, useSetting } from '../../data/hooks';
import type { ThemeChoice } from '../../data/settings-repo';
import { describeError, type ErrorWords } from '../../ui/errors';
import { useUi } from '../../state/ui-store';
import { AccountsSettingsSection } from '../accounts/settings/AccountsSettingsSection';
import { OwnMailSection, RestoredNotice } from '../own-mail/OwnMailSection';
import { ServerView } from '../own-mail/ServerView';
import { GeneralSettings } from './GeneralSettings';
import { SearchIndexSettings } from './SearchIndexSettings';
import { SignInClientsSettings } from './SignInClientsSettings';
import { RulesSettings } from '../rules/RulesSettings';
import { RadioChoices } from '../../ui/RadioChoices';

const THEMES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Match the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const PERSISTENCE_WORDS = {
  granted: 'Your mail is stored persistently: the system will not clear it to free space.',
  denied: 'The system may clear Heron’s store when the disk is nearly full. Keep copies on the server until this is resolved.',
  unsupported: 'This environment cannot promise persistent storage.',
} as const;

export function SettingsView() {
  const theme = useSetting('theme');
  const persistence = useSetting('storagePersistence');
  const navigate = useUi((s) => s.navigate);
  const [info, setInfo] = useState<AppInfo | ErrorWords | null>(null);
  // The radios show the choice at once; the store confirms it a moment later through the live query.
  const [chosen, setChosen] = useState<ThemeChoice | null>(null);
  const shown = chosen ?? theme ?? 'system';

  useEffect(() => {
    let live = true;
    void getBridge()
      .call('getAppInfo')
      .then((r) => {
        if (live) setInfo(r.ok ? r.value : describeError(r.error));
      });
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <RestoredNotice />
      <fieldset className="field-group">
        <legend>Appearance</legend>
        <RadioChoices
          name="theme"
          value={shown}
          choices={THEMES}
          onChange={(value) => {
            setChosen(value);
            void saveSetting('theme', value);
          }}
        />
      </fieldset>
      <GeneralSettings />
      <AccountsSettingsSection />
      <OwnMailSection />
      <ServerView />
      <SignInClientsSettings />
      <RulesSettings />
      <SearchIndexSettings />
      <h2>Storage</h2>
      <p data-testid="storage-persistence">{persistence ? PERSISTENCE_WORDS[persistence.state] : 'Checking…'}</p>
      <h2>About</h2>
      <p data-testid="app-info">
        {info === null
          ? 'Asking Heron…'
          : 'title' in info
            ? `${info.title}: ${info.message}`
            : `${info.name} ${info.version} (${info.runtime}, ${info.platform})`}
      </p>
      <button type="button" className="button" onClick={() => navigate({ name: 'mail' })}>
        Back to mail
      </button>
    </section>
  );
}
