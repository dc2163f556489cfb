/** Contract fragment: fetch. Owned by the fetch feature; wired into contract.ts. */
export const fetchCalls = {} as const;
export const fetchEvents = {} as const;
