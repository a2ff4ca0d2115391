/**
 * Task 2: Go/NoGo (spec §2.4). 3 channels: fixation, NoGo, Go. A trial is 5 fixation steps
 * ([1,0,0]), 20 stimulus steps ([0,1,0] NoGo or [0,0,1] Go), 10 delay steps (fixation again) and
 * 5 decision steps (all zeros); the label is 0 NoGo / 1 Go, drawn uniformly.
 */
import type { RandomSource } from '../random-source';
import type { TaskData } from './task-types';

/** Options of {@link goNogoTask}. */
export interface GoNogoTaskOptions {
  readonly trials: number;
  readonly source: RandomSource;
}

/**
 * @example
 *   goNogoTask({ trials: 128, source }).steps;  // 40
 */
export function goNogoTask(options: GoNogoTaskOptions): TaskData {
  const [fix, stim, delay, decision] = [5, 20, 10, 5];
  const steps = fix + stim + delay + decision;
  const C = 3;
  const inputs = new Float32Array(options.trials * steps * C);
  const labels = new Int32Array(options.trials);
  for (let n = 0; n < options.trials; n++) {
    const go = Math.floor(options.source.uniform() * 2);
    const base = n * steps * C;
    for (let t = 0; t < fix; t++) inputs[base + t * C] = 1;
    for (let t = fix; t < fix + stim; t++) inputs[base + t * C + (go === 0 ? 1 : 2)] = 1;
    for (let t = fix + stim; t < fix + stim + delay; t++) inputs[base + t * C] = 1;
    labels[n] = go;
  }
  return { task: 'go-nogo', trials: options.trials, steps, channels: C, classes: 2, inputs, labels };
}
