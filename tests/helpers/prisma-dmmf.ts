import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Prisma's DMMF (the parsed schema.prisma: models, fields, nullability, enums, indexes), read
// with the prisma CLI's own schema Wasm module. `@prisma/internals` (which wraps it as getDMMF)
// is not installed, and the generated client's runtime data model leaves out nullability,
// enum values and indexes, so this is a minimal binding of the Wasm module's `get_dmmf`.

export type DmmfField = {
  name: string;
  dbName: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
};
export type DmmfModel = {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueFields: string[][];
};
export type DmmfIndex = {
  model: string;
  type: "id" | "normal" | "unique" | "fulltext";
  isDefinedOnField: boolean;
  dbName?: string | null;
  name?: string | null;
  fields: { name: string; sortOrder?: "asc" | "desc" }[];
};
export type Dmmf = {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
    indexes: DmmfIndex[];
  };
};

type Exports = {
  memory: WebAssembly.Memory;
  __wbindgen_externrefs: WebAssembly.Table;
  __wbindgen_malloc(size: number, align: number): number;
  __wbindgen_realloc(ptr: number, oldSize: number, newSize: number, align: number): number;
  __wbindgen_free(ptr: number, size: number, align: number): void;
  __externref_table_dealloc(index: number): void;
  __wbindgen_start(): void;
  get_dmmf(ptr: number, len: number): [number, number, number, number];
};

let wasm: Exports | undefined;

function load(): Exports {
  if (wasm) return wasm;
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "prisma_schema_build_bg.wasm");
  const module = new WebAssembly.Module(readFileSync(file));
  const decoder = new TextDecoder("utf-8");
  const text = (ptr: number, len: number) => decoder.decode(new Uint8Array(exports.memory.buffer, ptr >>> 0, len));
  // wasm-bindgen suffixes its import names with a hash that changes between Prisma releases.
  const imports: Record<string, (...args: number[]) => unknown> = {};
  for (const { name } of WebAssembly.Module.imports(module)) {
    if (name.startsWith("__wbg_Error_")) imports[name] = (p, l) => new Error(text(p, l));
    else if (name.startsWith("__wbg___wbindgen_throw_")) imports[name] = (p, l) => { throw new Error(text(p, l)); };
    else if (name.startsWith("__wbg_set_message_")) imports[name] = () => undefined; // panic message registry
    else if (name === "__wbindgen_init_externref_table") {
      imports[name] = () => {
        const table = exports.__wbindgen_externrefs;
        const offset = table.grow(4);
        table.set(0, undefined);
        table.set(offset + 0, undefined);
        table.set(offset + 1, null);
        table.set(offset + 2, true);
        table.set(offset + 3, false);
      };
    } else throw new Error(`prisma_schema_build_bg.wasm wants an import this helper does not know: ${name}`);
  }
  const exports = new WebAssembly.Instance(module, { __wbindgen_placeholder__: imports }).exports as unknown as Exports;
  exports.__wbindgen_start();
  wasm = exports;
  return exports;
}

/** The DMMF of a Prisma schema, as `@prisma/internals`' getDMMF returns it. */
export function getDmmf(prismaSchema: string): Dmmf {
  const w = load();
  const input = new TextEncoder().encode(JSON.stringify({ prismaSchema, noColor: true }));
  const ptr = w.__wbindgen_malloc(input.length, 1);
  new Uint8Array(w.memory.buffer, ptr, input.length).set(input);
  const [outPtr, outLen, errorRef, failed] = w.get_dmmf(ptr, input.length);
  if (failed) {
    const error = w.__wbindgen_externrefs.get(errorRef);
    w.__externref_table_dealloc(errorRef);
    throw error instanceof Error ? error : new Error(String(error));
  }
  try {
    return JSON.parse(new TextDecoder("utf-8").decode(new Uint8Array(w.memory.buffer, outPtr, outLen))) as Dmmf;
  } finally {
    w.__wbindgen_free(outPtr, outLen, 1);
  }
}
