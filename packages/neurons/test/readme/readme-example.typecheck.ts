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
} from '../../src/index';
import type { LifNoise, LifState, LifStepOutput, SynapseParams, SynapseState } from '../../src/index';

const steps = 30; // 30 steps of 1 ms
const dtMs = 1;
const nIn = 3;
const nOut = 5;

// 3 input neurons → 5 LIF neurons through a depressing excitatory pathway (synapse counts, rows = presynaptic).
const pathway = defineSynapsePathway({
  counts: csrFromDense([2, 1, 0, 0, 3, 0, 4, 2, 1, 0, 1, 0, 0, 5, 2], nIn, nOut),
  sign: 'excitatory',
});
const lif = defineLifParams({ size: nOut, vThresholdMv: -50 });
const spike = softSpike(); // training mode: the spike is σ((V − V_th)/1 mV)

// Seeded, counter-based randomness: input spike trains (30 % per step) and 1 mV membrane noise.
const rng = createRng(42);
const inputSpikes: Float32Array[] = [];
const noise: LifNoise[] = [];
for (let t = 0; t < steps; t++) {
  const u = new Float32Array(nIn);
  rng.block(0, t, 99).fillUniform(u, 0, nIn);
  inputSpikes.push(u.map((x) => (x < 0.3 ? 1 : 0)));
  const voltageMv = new Float32Array(nOut);
  rng.block(0, t, 3).fillNormal(voltageMv, 0, nOut); // N(0, 1 mV)
  noise.push({ currentNa: null, voltageMv, thresholdMv: null });
}

// Forward pass, keeping the per-step states on a tape for the backward pass.
function run(synapse: SynapseParams) {
  const syn: SynapseState[] = [createSynapseState(pathway, 1)];
  const neurons: LifState[] = [createLifState(lif, 1)];
  const outs: LifStepOutput[] = [];
  const counts = new Float64Array(nOut);
  for (let t = 0; t < steps; t++) {
    const nextSyn = createSynapseState(pathway, 1);
    synapseForward(pathway, synapse, syn[t]!, inputSpikes[t]!, null, dtMs, nextSyn);
    const out = createLifStepOutput(lif, 1);
    lifForward(lif, neurons[t]!, nextSyn.currentNa, noise[t]!, spike, dtMs, out);
    syn.push(nextSyn);
    neurons.push(out);
    outs.push(out);
    for (let i = 0; i < nOut; i++) counts[i] = counts[i]! + out.spikes[i]!;
  }
  // Loss: squared distance of each neuron's (soft) spike count from 3 spikes, averaged.
  let loss = 0;
  for (let i = 0; i < nOut; i++) loss += (counts[i]! - 3) ** 2 / nOut;
  return { syn, neurons, outs, counts, loss };
}

const synapse = defineSynapseParams({ strengthNa: 0.08, tauRecMs: 200, releaseProbability: 0.3 });
const tape = run(synapse);

// Backward pass through time: every *Backward kernel accumulates (+=) into its gradient buffers.
const synGrads = createSynapseParamGrads();
const lifGrads = createLifParamGrads(lif);
const gSpikes = Float32Array.from(tape.counts, (c) => (2 * (c - 3)) / nOut); // ∂L/∂s, the same at every step
let gV = new Float32Array(nOut); // ∂L/∂V after the last step
let gI = new Float32Array(nOut); // ∂L/∂I (synaptic current) carried back from step t + 1
let gX = new Float32Array(nIn); // ∂L/∂x (synaptic resources) carried back from step t + 1
for (let t = steps - 1; t >= 0; t--) {
  const gVPrev = new Float32Array(nOut);
  lifBackward(lif, tape.neurons[t]!, tape.syn[t + 1]!.currentNa, noise[t]!, spike, dtMs, tape.outs[t]!, { v: gV, spikes: gSpikes }, { v: gVPrev, inputNa: gI, params: lifGrads });
  const gIPrev = new Float32Array(nOut);
  const gXPrev = new Float32Array(nIn);
  synapseBackward(pathway, synapse, tape.syn[t]!, inputSpikes[t]!, null, dtMs, { currentNa: gI, resources: gX }, { currentNa: gIPrev, resources: gXPrev, spikes: null, params: synGrads });
  gV = gVPrev;
  gI = gIPrev;
  gX = gXPrev;
}

// Check one gradient against a central finite difference of the whole 30-step simulation.
const h = 1e-3;
const plus = run({ ...synapse, logStrengthNa: synapse.logStrengthNa + h }).loss;
const minus = run({ ...synapse, logStrengthNa: synapse.logStrengthNa - h }).loss;
console.log(`loss ${tape.loss.toFixed(4)}; spike counts ${Array.from(tape.counts, (c) => c.toFixed(2)).join(' ')}`);
console.log(`dL/d logStrengthNa = ${synGrads.logStrengthNa.toFixed(4)} (finite difference ${((plus - minus) / (2 * h)).toFixed(4)})`);
console.log(`dL/d logTauMemMs = ${lifGrads.logTauMemMs.toFixed(4)}; dL/d vThresholdMv = ${Array.from(lifGrads.vThresholdMv, (g) => g.toFixed(3)).join(' ')}`);
