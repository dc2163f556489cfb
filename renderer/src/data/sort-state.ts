/** The orders the message list sorts by: date, sender or subject (each has its indexes, schema.ts). */
export type SortKey = 'date' | 'from' | 'subject';
