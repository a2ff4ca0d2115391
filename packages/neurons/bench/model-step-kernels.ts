/**
 * Rough cost of the reference model's kernels at batch 16: 30 time steps forward (soft spikes,
 * all noise) and backward, with random connectivity of about the connectome's edge counts.
 * Not the model itself (that lives in @olfactory/model): the per-step wiring here is simplified,
 * but every kernel the model calls runs about as often and on about the same sizes.
 *
 *   node_modules/.bin/esbuild packages/neurons/bench/model-step-kernels.ts --bundle \
 *     --platform=node --outfile=/tmp/model-step-kernels.cjs && node /tmp/model-step-kernels.cjs
 */
import {
  createLifParamGrads,
  createLifState,
  createLifStepOutput,
  createRng,
  createSynapseParamGrads,
  createSynapseState,
  csrFromDense,
  defineLifParams,
  defineSynapseParams,
  defineSynapsePathway,
  lifBackward,
  lifForward,
  softSpike,
  synapseBackward,
  synapseForward,
  defineTwoCompartmentParams,
  createTwoCompartmentState,
  createTwoCompartmentStepOutput,
  createTwoCompartmentParamGrads,
  twoCompartmentForward,
  twoCompartmentBackward,
} from '../src/index';
import type { LifState, LifStepOutput, SynapsePathway, SynapseState, TwoCompartmentState, TwoCompartmentStepOutput } from '../src/index';

const B = 16;
const T = 30;
const rng = createRng(1);
function randomPathway(nPre: number, nPost: number, edges: number, tag: number): SynapsePathway {
  const u = new Float32Array(nPre * nPost);
  rng.block(tag, 0, 0).fillUniform(u, 0, u.length);
  const p = edges / (nPre * nPost);
  return defineSynapsePathway({
    counts: csrFromDense(
      u.map((x) => (x < p ? 1 + (Math.floor(x * 1e3) % 9) : 0)),
      nPre,
      nPost,
    ),
    sign: 'excitatory',
  });
}
// [nPre, nPost, edges]: 16 chemical pathways of the canonical model (edge counts approximate)
const specs: Array<[number, number, number]> = [
  [108, 42, 200],
  [42, 108, 900],
  [42, 108, 150],
  [108, 108, 700],
  [108, 108, 400],
  [72, 108, 500],
  [72, 108, 300],
  [42, 72, 455],
  [108, 72, 300],
  [108, 72, 100],
  [108, 72, 250],
  [108, 72, 80],
  [72, 144, 700],
  [72, 144, 3],
  [144, 144, 2500],
  [144, 144, 12],
];
const pathways = specs.map(([a, b, e], i) => randomPathway(a, b, e, 10 + i));
const synParams = defineSynapseParams({ strengthNa: 0.5 });
const pops = [42, 108, 72].map((n) => defineLifParams({ size: n }));
const kc = defineTwoCompartmentParams({ size: 144 });
const spike = softSpike();

// tape
const synTape = pathways.map((p) => Array.from({ length: T + 1 }, () => createSynapseState(p, B)));
const popTape = pops.map((p) => [createLifState(p, B) as LifState, ...Array.from({ length: T }, () => createLifStepOutput(p, B))]);
const kcTape: TwoCompartmentState[] = [createTwoCompartmentState(kc, B), ...Array.from({ length: T }, () => createTwoCompartmentStepOutput(kc, B))];
const noiseBuf = new Float32Array(B * 2800);
const inputs = pops.map((p) => new Float32Array(B * p.size).fill(0.02));
const kcInput = new Float32Array(B * 144).fill(0.02);
const preSpikes = pathways.map((p) => new Float32Array(B * p.nPre).fill(0.1));
const noises = pops.map((p) => ({ currentNa: new Float32Array(B * p.size), voltageMv: new Float32Array(B * p.size), thresholdMv: new Float32Array(B * p.size) }));
const releaseNoise = pathways.map((p) => new Float32Array(B * p.nPost));
const kcNoise = { dendriteMv: new Float32Array(B * 144), axonMv: new Float32Array(B * 144), thresholdMv: new Float32Array(B * 144) };

// gradient buffers
const gSyn = pathways.map((p) => ({ currentNa: new Float32Array(B * p.nPost), resources: new Float32Array(B * p.nPre), spikes: new Float32Array(B * p.nPre), params: createSynapseParamGrads() }));
const gSynOut = pathways.map((p) => ({ currentNa: new Float32Array(B * p.nPost).fill(1e-3), resources: new Float32Array(B * p.nPre).fill(1e-3) }));
const gPop = pops.map((p) => ({ v: new Float32Array(B * p.size), inputNa: new Float32Array(B * p.size), params: createLifParamGrads(p) }));
const gPopOut = pops.map((p) => ({ v: new Float32Array(B * p.size).fill(1e-3), spikes: new Float32Array(B * p.size).fill(1e-3) }));
const gKc = {
  vDendriteMv: new Float32Array(B * 144),
  vAxonMv: new Float32Array(B * 144),
  iDendriteNa: new Float32Array(B * 144),
  iAxonNa: new Float32Array(B * 144),
  params: createTwoCompartmentParamGrads(kc),
};
const gKcOut = { vDendriteMv: new Float32Array(B * 144).fill(1e-3), vAxonMv: new Float32Array(B * 144).fill(1e-3), spikes: new Float32Array(B * 144).fill(1e-3) };

function iteration(): { fwd: number; bwd: number } {
  let t0 = performance.now();
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) rng.block(b, t, 1).fillNormal(noiseBuf, b * 2800, 2800); // ≈ 2,800 normals per sample per step
    for (let k = 0; k < pathways.length; k++) synapseForward(pathways[k]!, synParams, synTape[k]![t]!, preSpikes[k]!, releaseNoise[k]!, 1, synTape[k]![t + 1]!);
    for (let k = 0; k < pops.length; k++) lifForward(pops[k]!, popTape[k]![t]!, inputs[k]!, noises[k]!, spike, 1, popTape[k]![t + 1] as LifStepOutput);
    twoCompartmentForward(kc, kcTape[t]!, kcInput, kcInput, kcNoise, spike, 1, kcTape[t + 1] as TwoCompartmentStepOutput);
  }
  const fwd = performance.now() - t0;
  t0 = performance.now();
  for (let t = T - 1; t >= 0; t--) {
    for (let k = 0; k < pathways.length; k++) synapseBackward(pathways[k]!, synParams, synTape[k]![t]!, preSpikes[k]!, releaseNoise[k]!, 1, gSynOut[k]!, gSyn[k]!);
    for (let k = 0; k < pops.length; k++) lifBackward(pops[k]!, popTape[k]![t]!, inputs[k]!, noises[k]!, spike, 1, popTape[k]![t + 1] as LifStepOutput, gPopOut[k]!, gPop[k]!);
    twoCompartmentBackward(kc, kcTape[t]!, kcInput, kcInput, spike, kcTape[t + 1] as TwoCompartmentStepOutput, gKcOut, gKc);
  }
  const bwd = performance.now() - t0;
  return { fwd, bwd };
}

for (let i = 0; i < 20; i++) iteration();
let bestF = Infinity;
let bestB = Infinity;
let sumF = 0;
let sumB = 0;
const reps = 50;
for (let i = 0; i < reps; i++) {
  const { fwd, bwd } = iteration();
  bestF = Math.min(bestF, fwd);
  bestB = Math.min(bestB, bwd);
  sumF += fwd;
  sumB += bwd;
}
console.log(`batch ${B}, ${T} steps, ${pathways.length} synapse pathways + 3 LIF populations + KC layer, float32:`);
console.log(`  forward (incl. ${B}×2800 normals/step): mean ${(sumF / reps).toFixed(2)} ms, best ${bestF.toFixed(2)} ms`);
console.log(`  backward: mean ${(sumB / reps).toFixed(2)} ms, best ${bestB.toFixed(2)} ms`);
console.log(`  → ≈ ${(1000 / ((sumF + sumB) / reps)).toFixed(1)} kernel-only optimizer steps/s`);
