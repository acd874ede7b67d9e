// Stands in for @types/node in the worker's type check (src/tsconfig.json, test/worker/):
// a `/// <reference types="node" />` (dns-packet's types have one) finds this file first, so
// the worker gets only what nodejs_compat gives it and that the worker uses: node:buffer.
// `process`, `require` or `node:fs` in src/ stay compile errors.
/// <reference path="../../../node_modules/@types/node/globals.typedarray.d.ts" />
/// <reference path="../../../node_modules/@types/node/buffer.buffer.d.ts" />
/// <reference path="../../../node_modules/@types/node/buffer.d.ts" />
