/** Contract fragment: setup. Owned by the setup feature; wired into contract.ts. */
export const setupCalls = {} as const;
export const setupEvents = {} as const;
