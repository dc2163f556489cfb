/** Contract fragment: send. Owned by the send feature; wired into contract.ts. */
export const sendCalls = {} as const;
export const sendEvents = {} as const;
