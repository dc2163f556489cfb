/** Contract fragment: credentials. Owned by the credentials feature; wired into contract.ts. */
export const credentialsCalls = {} as const;
export const credentialsEvents = {} as const;
