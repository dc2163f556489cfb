// electron-builder configuration (`npm run dist`). Only the built app (out/) and package.json
// ship, inside an asar; production dependencies (mailparser, nodemailer) are added by builder.
// Source maps stay out: they embed the TypeScript sources.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'mail.heron.desktop',
  productName: 'Heron Mail',
  executableName: 'heron-mail',
  copyright: 'Copyright © Heron Mail contributors',
  directories: { output: 'dist', buildResources: 'build' },
  files: ['out/**', '!out/**/*.map', '!**/*.{ts,tsx,mts,cts}', '!**/*.test.*', 'package.json'],
  asar: true,
  // No native modules: nothing to rebuild, and no network needed for it.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  protocols: [{ name: 'Email link', schemes: ['mailto'], role: 'Editor' }],
  fileAssociations: [{ ext: 'eml', name: 'Email message', description: 'Email message', mimeType: 'message/rfc822', role: 'Viewer' }],
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'Network;Email',
    synopsis: 'Mail on your own machine: POP3 in, SMTP out',
    mimeTypes: ['x-scheme-handler/mailto', 'message/rfc822'],
    desktop: { entry: { StartupWMClass: 'Heron Mail', Keywords: 'mail;email;pop3;smtp;' } },
  },
  deb: { priority: 'optional' },
  win: { target: ['nsis'], icon: 'build/icon.ico' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false },
  mac: {
    target: ['dmg'],
    icon: 'build/icon.icns',
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
  },
  dmg: { title: 'Heron Mail ${version}' },
};
