/**
 * Task 3: perceptual decision-making on a two-choice ring (neurogym-style, dt = 100 ms; spec
 * §2.4). Channels: fixation (on for the whole trial) and the two ring directions θ ∈ {0, π}.
 * 1 fixation step (ring inputs 0), 30 stimulus steps with ring input
 *   0.5 + (coh/200)·cos(θ − θ_true) + N(0, σ²),  σ = 1/√dt = 0.1,
 * then 10 delay steps (ring inputs 0). Coherence is drawn uniformly from {0, 6.4, 12.8, 25.6, 51.2}
 * and the correct side uniformly. (The reference computes σ = sigma/√dt with sigma = 1, dt = 100;
 * the spec's paraphrase "1/√10" does not match that code, which this follows.)
 */
import type { RandomSource } from '../random-source';
import type { TaskData } from './task-types';

/** The five coherences, %. */
export const COHERENCES = Object.freeze([0, 6.4, 12.8, 25.6, 51.2]);

/** Options of {@link perceptualDecisionTask}. */
export interface PerceptualDecisionTaskOptions {
  readonly trials: number;
  readonly source: RandomSource;
  /** Time step, ms. Default 100. */
  readonly dtMs?: number;
}

/**
 * @example
 *   perceptualDecisionTask({ trials: 128, source }).steps;  // 41
 */
export function perceptualDecisionTask(options: PerceptualDecisionTaskOptions): TaskData {
  const dtMs = options.dtMs ?? 100;
  const fix = Math.floor(100 / dtMs);
  const stim = Math.floor(3000 / dtMs);
  const delay = Math.floor(1000 / dtMs);
  const steps = fix + stim + delay;
  const sigma = 1 / Math.sqrt(dtMs);
  const theta = [0, Math.PI];
  const C = 3;
  const inputs = new Float32Array(options.trials * steps * C);
  const labels = new Int32Array(options.trials);
  for (let n = 0; n < options.trials; n++) {
    const coh = COHERENCES[Math.floor(options.source.uniform() * COHERENCES.length)];
    const truth = Math.floor(options.source.uniform() * 2);
    const pattern = theta.map((th) => Math.cos(th - theta[truth]) * (coh / 200) + 0.5);
    const base = n * steps * C;
    for (let t = 0; t < steps; t++) {
      inputs[base + t * C] = 1;
      if (t >= fix && t < fix + stim) {
        inputs[base + t * C + 1] = pattern[0] + sigma * options.source.normal();
        inputs[base + t * C + 2] = pattern[1] + sigma * options.source.normal();
      }
    }
    labels[n] = truth;
  }
  return { task: 'perceptual-decision', trials: options.trials, steps, channels: C, classes: 2, inputs, labels };
}
