import type * as tfType from '@tensorflow/tfjs';

export type BackendChoice = 'auto' | 'node-gpu' | 'node' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'node-gpu', 'node', 'wasm', 'cpu'];

/**
 * Load TensorFlow.js with the best available backend: `@tensorflow/tfjs-node-gpu`, then
 * `@tensorflow/tfjs-node` when installed (optional: they download libtensorflow at install
 * time), else the WebAssembly backend that ships with the CLI. An explicit choice that is not
 * installed is an error naming the package to install.
 */
export async function loadTensorflow(choice: BackendChoice): Promise<{ tf: typeof tfType; backend: string }> {
  const tryNative = async (pkg: string): Promise<typeof tfType | null> => {
    try {
      const name = `@tensorflow/${pkg}`; // a variable: not resolved at bundle time
      return (await import(name)) as typeof tfType;
    } catch {
      return null;
    }
  };
  if (choice === 'auto' || choice === 'node-gpu') {
    const tf = await tryNative('tfjs-node-gpu');
    if (tf) return { tf, backend: `${tf.getBackend()} (@tensorflow/tfjs-node-gpu)` };
    if (choice === 'node-gpu') throw new Error('--backend node-gpu: @tensorflow/tfjs-node-gpu is not installed; run `npm install @tensorflow/tfjs-node-gpu` (needs CUDA) or use --backend auto.');
  }
  if (choice === 'auto' || choice === 'node') {
    const tf = await tryNative('tfjs-node');
    if (tf) return { tf, backend: `${tf.getBackend()} (@tensorflow/tfjs-node)` };
    if (choice === 'node') throw new Error('--backend node: @tensorflow/tfjs-node is not installed; run `npm install @tensorflow/tfjs-node` or use --backend auto.');
  }
  const tf = await import('@tensorflow/tfjs');
  if (choice === 'cpu') {
    await tf.setBackend('cpu');
    return { tf, backend: 'cpu (pure JavaScript)' };
  }
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js wasm backend failed to initialise; try --backend cpu.');
  return { tf, backend: 'wasm (@tensorflow/tfjs-backend-wasm; install @tensorflow/tfjs-node for the native backend)' };
}
