/** Moving from Thunderbird: the public surface (see README.md). */
export { findProfiles, thunderbirdRoots, type ThunderbirdProfile, type Platform } from './profiles';
export { readProfile, type ProfileContents, type ThunderbirdPop3Account } from './profile';
export { headersOnlyOverBytes, incomingOf, outgoingOf, retentionOf, type ThunderbirdAccount, type ThunderbirdIdentity, type ThunderbirdServer, type ThunderbirdSmtp } from './accounts';
export type { ThunderbirdFolder } from './folders';
export { popStateEntries, type PopstateLine, type PopStateImport } from './popstate';
