import { useEffect } from 'react';
import { organize } from '../../data/store/organize-client';
import { log } from '../../log/logger';

/** Trash is checked this often while Heron runs (and at start): the retention is in days. */
const EVERY_MS = 3_600_000;

/** Deletes for good what has been in Trash longer than the setting allows (trash-retention.ts). */
export function useTrashRetention(): void {
  useEffect(() => {
    const purge = () => void organize({ op: 'purge-trash' }).catch((error: unknown) => log.error('Could not clear old messages from Trash', error));
    purge();
    const timer = setInterval(purge, EVERY_MS);
    return () => clearInterval(timer);
  }, []);
}
