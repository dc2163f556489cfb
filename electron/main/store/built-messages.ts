/**
 * The bytes of messages main built, kept until they are sent: sending takes them from here, so a
 * message's bytes cross to the window once (to be stored) and not back. Bounded: past `maxBytes`
 * the oldest go; the store keeps them all (OutboxStore.outgoing reads them back).
 */
export class BuiltMessages {
  private readonly byId = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  keep(id: string, raw: Uint8Array): void {
    this.forget(id);
    this.byId.set(id, raw);
    this.bytes += raw.byteLength;
    for (const [oldest, bytes] of this.byId) {
      if (this.bytes <= this.maxBytes) break;
      this.byId.delete(oldest);
      this.bytes -= bytes.byteLength;
    }
  }

  get(id: string): Uint8Array | undefined {
    return this.byId.get(id);
  }

  forget(id: string): void {
    const raw = this.byId.get(id);
    if (raw === undefined) return;
    this.byId.delete(id);
    this.bytes -= raw.byteLength;
  }
}
