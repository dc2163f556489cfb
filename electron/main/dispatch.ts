import { mainCalls, type CallName, type MainHandlers } from '../../shared/ipc/contract';
import { fail, ok, serializeError, type Result } from '../../shared/ipc/result';
import { SchemaError } from '../../shared/ipc/validate';

/**
 * Runs one call: validate the payload against the contract, run the handler, and wrap whatever
 * happens in a Result. Used by Electron's ipcMain registration and by the e2e stand-in alike, so
 * the harness exercises exactly the checks the app does. Never throws.
 */
export async function dispatchCall(handlers: MainHandlers, name: string, rawInput: unknown): Promise<Result<unknown>> {
  if (!Object.hasOwn(mainCalls, name)) {
    return fail('EINVALID', `Heron does not know the call "${name.slice(0, 64)}".`);
  }
  const key = name as CallName;
  let input: unknown;
  try {
    input = mainCalls[key].input.parse(rawInput, '');
  } catch (error) {
    if (error instanceof SchemaError) {
      return fail('EINVALID', `Invalid request to ${key}: ${error.message}`, { detail: { field: error.path } });
    }
    return fail('EINVALID', `Invalid request to ${key}.`);
  }
  try {
    const handler = handlers[key] as (input: unknown) => Promise<unknown>;
    const value = await handler(input);
    return ok(value);
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
