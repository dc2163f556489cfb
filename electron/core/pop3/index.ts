/** The POP3 engine's public surface (see README.md). */
export { Pop3Client, DEFAULT_MAX_MESSAGE_BYTES, type Pop3ConnectOptions, type Pop3TlsInfo } from './client';
export { openSession, type Pop3Session } from './session';
export { PREALLOCATE_MAX, type Retrieved, type RetrieveProblem } from './retrieve';
export type { Pop3Capabilities } from './capabilities';
export type { Pop3Credentials } from './auth';
export { validateCredentials } from './auth';
export type { Pop3Timeouts } from './connection';
export { DEFAULT_TIMEOUTS } from './connection';
