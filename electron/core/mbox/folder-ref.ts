/** Where an imported message goes: one of the well-known folders, or a folder path of the person's own. */
export type SpecialFolder = 'inbox' | 'sent' | 'drafts' | 'trash' | 'junk' | 'archive';

export type FolderRef = { readonly special: SpecialFolder } | { readonly path: readonly string[] };
