/**
 * Jest environment for tests that run onnxruntime-node. onnxruntime-node creates its output
 * tensors' typed arrays in Node's main realm, while jest evaluates modules in a sandbox realm with
 * its own `Float32Array`, so onnxruntime-common's `data instanceof Float32Array` checks fail.
 * This environment shares the main realm's typed-array constructors with the sandbox.
 * Select it with a `@jest-environment ../../scripts/jest-onnxruntime-environment.cjs` docblock
 * (the path is relative to the package: the jest project's rootDir).
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxRuntimeEnvironment;
