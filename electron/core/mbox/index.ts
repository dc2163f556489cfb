/** mbox and .eml import and export: the public surface (see README.md). */
export { openMbox, detectDialect, MboxReader, type MboxDialect, type MboxEntry, type MboxMessage, type MboxSkipped, type MboxReadOptions } from './reader';
export { MboxWriter, envelopeOf, mboxrdEntry, type ExportEnvelope } from './writer';
export { findEmlFiles, readEml, type EmlFile, type EmlMessage } from './eml';
export { EmlExporter, emlBaseName, type EmlExportMeta } from './eml-export';
export { DuplicateFilter, fingerprint, sameMessage, type Fingerprint } from './duplicates';
export { gmailPlacement, type GmailPlacement } from './gmail-labels';
export { mozillaState, MozillaFlag } from './mozilla-status';
export type { Envelope } from './from-line';
export type { HeaderFacts } from './header-facts';
export type { FolderRef, SpecialFolder } from './folder-ref';
