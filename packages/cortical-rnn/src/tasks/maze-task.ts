/**
 * Task 1: one-step inference, the first choice of the maze task (Achterberg et al. 2023;
 * spec §2.4). 8 input channels: 0–3 goal (one-hot of goals 7, 9, 17, 19), 4–7 available
 * directions (L, U, R, D). A trial shows the goal for 20 steps, zeros for 10 steps, then the two
 * available directions for 20 steps; the label is the correct first step (L/U/R/D). The 8 maze
 * problems are the reference's hard-coded table; each trial draws one uniformly.
 */
import type { RandomSource } from '../random-source';
import type { TaskData } from './task-types';

/** Directions in channel / label order. */
export const MAZE_DIRECTIONS = Object.freeze(['l', 'u', 'r', 'd'] as const);
const GOAL_CHANNEL: Readonly<Record<number, number>> = { 7: 0, 9: 1, 17: 2, 19: 3 };

/** The 8 maze first-choice problems: goal node, available directions, correct direction. */
export const MAZE_PROBLEMS = Object.freeze([
  { goal: 9, choices: 'ul', next: 'u' },
  { goal: 9, choices: 'rd', next: 'r' },
  { goal: 19, choices: 'ld', next: 'd' },
  { goal: 17, choices: 'rd', next: 'd' },
  { goal: 17, choices: 'ul', next: 'l' },
  { goal: 7, choices: 'ur', next: 'u' },
  { goal: 19, choices: 'lr', next: 'r' },
  { goal: 7, choices: 'lr', next: 'l' },
] as const);

/** Options of {@link mazeTask}. */
export interface MazeTaskOptions {
  readonly trials: number;
  readonly source: RandomSource;
  /** Steps per period: goal, delay, choices. Default 20, 10, 20. */
  readonly goalSteps?: number;
  readonly delaySteps?: number;
  readonly choiceSteps?: number;
}

/**
 * @example
 *   const data = mazeTask({ trials: 5120, source: randomSource(1, RNG_STREAMS.train) });
 *   data.steps;  // 50
 */
export function mazeTask(options: MazeTaskOptions): TaskData {
  const goalSteps = options.goalSteps ?? 20;
  const delaySteps = options.delaySteps ?? 10;
  const choiceSteps = options.choiceSteps ?? 20;
  const steps = goalSteps + delaySteps + choiceSteps;
  const C = 8;
  const inputs = new Float32Array(options.trials * steps * C);
  const labels = new Int32Array(options.trials);
  for (let n = 0; n < options.trials; n++) {
    const p = MAZE_PROBLEMS[Math.floor(options.source.uniform() * 8)];
    const base = n * steps * C;
    for (let t = 0; t < goalSteps; t++) inputs[base + t * C + GOAL_CHANNEL[p.goal]] = 1;
    for (let t = goalSteps + delaySteps; t < steps; t++) {
      for (const ch of p.choices) inputs[base + t * C + 4 + MAZE_DIRECTIONS.indexOf(ch as (typeof MAZE_DIRECTIONS)[number])] = 1;
    }
    labels[n] = MAZE_DIRECTIONS.indexOf(p.next);
  }
  return { task: 'maze', trials: options.trials, steps, channels: C, classes: 4, inputs, labels };
}
