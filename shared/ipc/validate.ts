/**
 * A small schema library for IPC payloads (STYLE.md §4: validate at the boundary).
 * Each schema both checks an unknown value and carries its static type, so the contract's
 * types and its runtime checks are one definition. Strings reject CR and LF unless a schema
 * says `multiline`, because any string may end up on a protocol command line or in a header.
 */

export type Schema<T> = {
  readonly kind: string;
  /** Returns the value typed, or throws SchemaError naming the path that failed. */
  parse(value: unknown, path?: string): T;
};

export type Infer<S> = S extends Schema<infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** An object schema's type: keys whose schema admits `undefined` are optional (`key?: T`). */
export type InferObject<S extends Record<string, Schema<unknown>>> = Simplify<
  { [K in keyof S as undefined extends Infer<S[K]> ? never : K]: Infer<S[K]> } & {
    [K in keyof S as undefined extends Infer<S[K]> ? K : never]?: Exclude<Infer<S[K]>, undefined>;
  }
>;

export class SchemaError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path || 'value'}: ${message}`);
    this.name = 'SchemaError';
    this.path = path;
  }
}

const CRLF = /[\r\n]/;

export interface StringOptions {
  min?: number;
  max?: number;
  /** Allow CR/LF (message bodies, signatures). Off by default. */
  multiline?: boolean;
  pattern?: RegExp;
}

export const v = {
  string(options: StringOptions = {}): Schema<string> {
    const max = options.max ?? 1024;
    return {
      kind: 'string',
      parse(value, path = '') {
        if (typeof value !== 'string') throw new SchemaError(path, 'must be text');
        if (value.length > max) throw new SchemaError(path, `must be at most ${max} characters`);
        if (options.min !== undefined && value.length < options.min) {
          throw new SchemaError(path, options.min === 1 ? 'must not be empty' : `must be at least ${options.min} characters`);
        }
        if (!options.multiline && CRLF.test(value)) throw new SchemaError(path, 'must not contain line breaks');
        if (value.includes('\0')) throw new SchemaError(path, 'must not contain NUL');
        if (options.pattern && !options.pattern.test(value)) throw new SchemaError(path, 'has the wrong form');
        return value;
      },
    };
  },

  number(options: { min?: number; max?: number; integer?: boolean } = {}): Schema<number> {
    return {
      kind: 'number',
      parse(value, path = '') {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new SchemaError(path, 'must be a number');
        if (options.integer && !Number.isInteger(value)) throw new SchemaError(path, 'must be a whole number');
        if (options.min !== undefined && value < options.min) throw new SchemaError(path, `must be at least ${options.min}`);
        if (options.max !== undefined && value > options.max) throw new SchemaError(path, `must be at most ${options.max}`);
        return value;
      },
    };
  },

  boolean(): Schema<boolean> {
    return {
      kind: 'boolean',
      parse(value, path = '') {
        if (typeof value !== 'boolean') throw new SchemaError(path, 'must be true or false');
        return value;
      },
    };
  },

  literal<const L extends string | number | boolean>(...values: L[]): Schema<L> {
    return {
      kind: 'literal',
      parse(value, path = '') {
        if (!values.includes(value as L)) throw new SchemaError(path, `must be one of ${values.join(', ')}`);
        return value as L;
      },
    };
  },

  bytes(options: { max?: number } = {}): Schema<Uint8Array> {
    const max = options.max ?? 64 * 1024 * 1024;
    return {
      kind: 'bytes',
      parse(value, path = '') {
        if (!(value instanceof Uint8Array)) throw new SchemaError(path, 'must be bytes');
        if (value.byteLength > max) throw new SchemaError(path, `must be at most ${max} bytes`);
        return value;
      },
    };
  },

  none(): Schema<void> {
    return {
      kind: 'none',
      parse(value, path = '') {
        if (value !== undefined && value !== null) throw new SchemaError(path, 'must be empty');
        return undefined;
      },
    };
  },

  optional<T>(inner: Schema<T>): Schema<T | undefined> {
    return {
      kind: 'optional',
      parse(value, path = '') {
        return value === undefined || value === null ? undefined : inner.parse(value, path);
      },
    };
  },

  nullable<T>(inner: Schema<T>): Schema<T | null> {
    return {
      kind: 'nullable',
      parse(value, path = '') {
        return value === null ? null : inner.parse(value, path);
      },
    };
  },

  array<T>(item: Schema<T>, options: { max?: number } = {}): Schema<T[]> {
    const max = options.max ?? 1_000_000;
    return {
      kind: 'array',
      parse(value, path = '') {
        if (!Array.isArray(value)) throw new SchemaError(path, 'must be a list');
        if (value.length > max) throw new SchemaError(path, `must have at most ${max} items`);
        return value.map((x, i) => item.parse(x, `${path}[${i}]`));
      },
    };
  },

  /** Unknown keys are rejected: a payload carries exactly what the contract says. */
  object<S extends Record<string, Schema<unknown>>>(shape: S): Schema<InferObject<S>> {
    return {
      kind: 'object',
      parse(value, path = '') {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SchemaError(path, 'must be an object');
        const input = value as Record<string, unknown>;
        for (const key of Object.keys(input)) {
          if (!Object.hasOwn(shape, key)) throw new SchemaError(path ? `${path}.${key}` : key, 'is not expected');
        }
        const out: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(shape)) {
          const parsed = schema.parse(input[key], path ? `${path}.${key}` : key);
          if (parsed !== undefined) out[key] = parsed;
        }
        return out as InferObject<S>;
      },
    };
  },

  union<T extends readonly Schema<unknown>[]>(...options: T): Schema<Infer<T[number]>> {
    return {
      kind: 'union',
      parse(value, path = '') {
        let first: unknown;
        for (const option of options) {
          try {
            return option.parse(value, path) as Infer<T[number]>;
          } catch (error) {
            first ??= error;
          }
        }
        throw first instanceof Error ? first : new SchemaError(path, 'matches no allowed form');
      },
    };
  },
};
