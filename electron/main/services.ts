/**
 * The composition root of main (plain Node): turns a few facts about where Heron runs into the
 * dependencies every handler gets. The Electron shell and the e2e stand-in both call it, so the
 * harness runs the same handlers with the same wiring, minus Electron.
 */
import type { MainEmit } from '../../shared/ipc/contract';
import type { HandlerDeps } from './handlers/index';
import path from 'node:path';
import type { FetchAccount, FetchSummary } from '../../shared/ipc/calls/fetch';
import type { DiscoverDeps } from '../core/autoconfig/discover';
import { ConnectionLogStore } from '../core/log/log-store';
import type { SessionSink } from '../core/log/session-recorder';
import { randomUUID } from 'node:crypto';
import type { ReadMessage } from '../core/fetch/read-message';
import { createFetchDeps, type FetchWiring } from './fetch/wire';
import { BackupScheduler, systemClock, type Clock } from './own/schedule';
import { scheduleFile } from './own/scheduled-backup';
import { OwnMailService, type PickPath } from './own/service';
import os from 'node:os';
import { thunderbirdRoots } from '../core/thunderbird';
import { saveIntoFolder } from './handlers/files';
import { MailtoInbox } from './mailto-inbox';
import { PreferencesState } from './notify-prefs';
import { boundReader, SecretBindings } from './secrets/bindings';
import { createSecretStore, unavailableCipher } from './secrets/create-secret-store';
import { createOAuth } from './oauth/index';
import type { OAuthProvider } from '../core/oauth/types';
import { SecretScrubber } from './secrets/secret-scrubber';
import type { Cipher } from './secrets/secret-store';
import { createLogHandlers } from './handlers/log';
import { StoreLink } from './store/link';
import type { Logger } from '../core/log/logger';
import { openMainLog } from './main-log';
import { PrivateTempFiles } from './temp-files';

export interface MainServicesOptions {
  /** Where Heron keeps its files (Electron's userData, a temp dir in tests). */
  readonly userDataDir: string;
  /** Hands a URL that passed the URL policy to the OS. */
  readonly openExternal: (url: string) => Promise<void>;
  readonly emit: MainEmit;
  readonly runtime: 'electron' | 'harness';
  readonly version: string;
  readonly platform?: string;
  /**
   * Encrypts saved passwords: `safeStorageCipher` (electron/main/shell/safe-storage-cipher.ts) in
   * the app. Without one (the e2e stand-in) passwords can be kept for the session only.
   */
  readonly secretCipher?: Cipher;
  /** The fetch worker bundle; defaults to fetch-worker.cjs beside the bundled main. */
  readonly fetchWorkerPath?: string;
  /**
   * Desktop notification for new mail (the shell silences it while the window is focused); only
   * called while the person's `notifyNewMail` preference is on.
   */
  readonly onNewMail?: (account: FetchAccount, summary: FetchSummary) => void;
  /** Test-only: extra CA and deadlines for POP3 connections (the harness trusts its test CA). */
  readonly pop3Connect?: FetchWiring['connect'];
  /**
   * Test-only: an extra CA trusted by connection tests and sending, and discovery's network
   * (a loopback DNS responder, probes that trust the test CA) for the e2e harness.
   */
  readonly testNetwork?: {
    readonly ca?: readonly string[];
    readonly discover?: Partial<DiscoverDeps>;
    /** OAuth2 providers on loopback (their hosts' sign-in), and how long a sign-in waits for the browser. */
    readonly oauth?: { readonly providers: readonly OAuthProvider[]; readonly signInTimeoutMs?: number };
  };
  /** The open-file dialog for attachments (the shell's `dialog.showOpenDialog`; a stub in the harness). */
  readonly pickAttachmentFiles?: () => Promise<readonly string[]>;
  /**
   * The save dialog for attachments (the shell's `dialog.showSaveDialog`); null = cancelled.
   * Without one (the harness) files go into `<userDataDir>/saved-attachments` under their safe name.
   */
  readonly saveFileDialog?: (defaultName: string) => Promise<string | null>;
  /** The system clipboard (Electron's `clipboard.writeText`); without one (the harness) the text is kept in `clipboard.last`. */
  readonly writeClipboard?: (text: string) => void;
  /** Opens a file with the system's app for its type (the shell's `shell.openPath`; a recorder in the harness). */
  readonly openPath?: (filePath: string) => Promise<void>;
  /** The file dialogs of import, export, backup and restore (the shell's; a stand-in in the e2e rig). */
  readonly pickPath?: PickPath;
  /** The clock scheduled backups run by (a test moves it); the system's by default. */
  readonly backupClock?: Clock;
  /** Where Thunderbird's profiles.ini is looked for; default: this system's usual places. */
  readonly thunderbirdRoots?: readonly string[];
  /** Main's warnings and errors also on stderr (the app; the harness keeps them in the file only). */
  readonly logToStderr?: boolean;
}

export interface MainServices extends HandlerDeps {
  readonly userDataDir: string;
  /** The shell pushes mailto links from argv, second instances and open-url here. */
  readonly mailtoInbox: MailtoInbox;
  /** The preferences main acts on, as the renderer last sent them (`setPreferences`). */
  readonly preferences: PreferencesState;
  /** Every account's connection log, under `<userData>/connection-logs`. */
  readonly connectionLogs: ConnectionLogStore;
  /** What was last put on the clipboard when no system clipboard was given (the harness). */
  readonly clipboard: { readonly last: string | null };
  /** Attachments written for the system's apps; removed when Heron quits. */
  readonly tempFiles: PrivateTempFiles;
  /** Main's end of the window's store port: the shell (or the stand-in) attaches each port the window asks for. */
  readonly store: StoreLink;
  /** Main's log (`<userData>/logs/heron.log`), stored passwords masked. */
  readonly logger: Logger;
  /** Owning one's mail, with the backup scheduler the shell starts and wakes. */
  readonly own: HandlerDeps['own'] & { readonly scheduler: BackupScheduler };
}

export function createMainServices(options: MainServicesOptions): MainServices {
  // Every stored password that is used gets masked in whatever main sends the window (events here, answers in createHandlers).
  const scrubber = new SecretScrubber();
  const emit: MainEmit = (name, payload) => options.emit(name, scrubber.scrub(payload));
  const { logger } = openMainLog(options.userDataDir, scrubber, { stderr: options.logToStderr === true });
  const mailtoInbox = new MailtoInbox((pending) => emit('mailtoRequested', { pending }));
  const preferences = new PreferencesState();
  const secretStore = createSecretStore({ userDataDir: options.userDataDir, cipher: options.secretCipher });
  const secretBindings = new SecretBindings(path.join(options.userDataDir, 'secret-bindings.json'));
  // Every use of a stored password names its server; see secrets/bindings.ts.
  const passwords = boundReader(secretStore, secretBindings, (secret) => scrubber.note(secret));
  const oauth = createOAuth({
    userDataDir: options.userDataDir,
    cipher: options.secretCipher ?? unavailableCipher,
    passwords,
    openExternal: options.openExternal,
    note: (secret) => scrubber.note(secret),
    ...(options.testNetwork?.ca ? { ca: options.testNetwork.ca } : {}),
    ...(options.testNetwork?.oauth ? { extraProviders: options.testNetwork.oauth.providers } : {}),
    ...(options.testNetwork?.oauth?.signInTimeoutMs === undefined ? {} : { signInTimeoutMs: options.testNetwork.oauth.signInTimeoutMs }),
  });
  // Logins get the stored password, or a fresh access token for an XOAUTH2 server.
  const secrets = oauth.secrets;
  const connectionLogs = new ConnectionLogStore(path.join(options.userDataDir, 'connection-logs'));
  // A log that cannot be written must not fail the fetch, send or test it describes.
  const log: SessionSink = (accountId, session) => void connectionLogs.append(accountId, session).catch((error: unknown) => logger.warn('Could not write a connection log', error));
  const clipboard = { last: null as string | null };
  const info = { name: 'Heron Mail', version: options.version, runtime: options.runtime, platform: options.platform ?? process.platform };
  const tempFiles = new PrivateTempFiles();
  // The store worker's lines are the window's, bounded the same way (handlers/log.ts).
  const storeLog = createLogHandlers({ logger: logger.child('store') }).writeLog;
  const store = new StoreLink({
    onRejected: (why) => logger.child('store').warn(`Heron's store port sent a message main refused: ${why}`),
    onLog: (level, message) => void storeLog({ level, message }),
    // A fetch's end quotes servers, as events do; a batch's bytes are mail and never looked into.
    outgoing: (message) => scrubber.scrub(message),
  });
  const fetch = createFetchDeps({
    emit,
    secrets,
    store,
    workerPath: options.fetchWorkerPath ?? path.join(__dirname, 'fetch-worker.cjs'),
    ...(options.onNewMail ? { onNewMail: preferences.gate(options.onNewMail) } : {}),
    ...(options.pop3Connect ? { connect: options.pop3Connect } : {}),
    log,
  });
  const ownMail = new OwnMailService({
    store,
    emit,
    app: `${info.name} ${info.version}`,
    // The fetch's parser, in the worker that runs one-off jobs: never on main's event loop.
    read: (raw, receivedAt) => fetch.jobs.run<ReadMessage>({ type: 'read', jobId: randomUUID(), raw, receivedAt }),
    ...(options.pickPath ? { pickPath: options.pickPath } : {}),
    thunderbirdRoots: options.thunderbirdRoots ?? thunderbirdRoots({ platform: process.platform, home: os.homedir(), ...(process.env.APPDATA ? { appData: process.env.APPDATA } : {}) }),
  });
  // Back up automatically (own/schedule.ts): the schedule lives in main, with the folder's path.
  const scheduleKept = scheduleFile(path.join(options.userDataDir, 'backup-schedule.json'));
  const backupScheduler = new BackupScheduler({
    clock: options.backupClock ?? systemClock,
    load: scheduleKept.load,
    save: scheduleKept.save,
    // Without a window there is no store to read: looked at again a few minutes later.
    run: (schedule, at) => (store.connected ? ownMail.scheduledBackup(schedule.folder, schedule.keep, at) : Promise.resolve('busy')),
    onChange: (view) => emit('backupScheduleChanged', view),
  });
  return {
    userDataDir: options.userDataDir,
    mailtoInbox,
    preferences,
    connectionLogs,
    clipboard,
    store,
    emit,
    scrubber,
    app: {
      info,
      openExternal: options.openExternal,
      mailto: mailtoInbox,
      preferences,
    },
    // Feature services land here as their engines arrive (credentials, fetch, send, setup).
    credentials: { store: secretStore, bindings: secretBindings, forgetSignIn: (accountId) => oauth.service.forget(accountId) },
    fetch,
    own: { service: ownMail, scheduler: backupScheduler },
    files: {
      saveDialog: options.saveFileDialog ?? saveIntoFolder(path.join(options.userDataDir, 'saved-attachments')),
      ...(options.openPath ? { open: { tempFiles, openPath: options.openPath } } : {}),
    },
    tempFiles,
    logger,
    log: { logger: logger.child('renderer') },
    attachments: options.pickAttachmentFiles ? { pickFiles: options.pickAttachmentFiles } : {},
    send: { secrets, emit, log, store, ...(options.testNetwork?.ca ? { ca: [...options.testNetwork.ca] } : {}) },
    setup: { discover: { signInHosts: () => oauth.clients.hostReadiness(), ...options.testNetwork?.discover } },
    connection: { secrets, log, ...(options.testNetwork?.ca ? { ca: options.testNetwork.ca } : {}) },
    signIn: { service: oauth.service, clients: oauth.clients },
    connectionLog: {
      store: connectionLogs,
      writeClipboard: options.writeClipboard ?? ((text) => (clipboard.last = text)),
      product: `${info.name} ${info.version} (${info.runtime}, ${info.platform})`,
    },
  };
}
