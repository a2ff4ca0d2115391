/** Shared types of the three tasks (spec §2.4). */

/** Task names: 1 maze first choice, 2 Go/NoGo, 3 perceptual decision-making. */
export type TaskName = 'maze' | 'go-nogo' | 'perceptual-decision';

/** All task names in the reference's order (Task1, Task2, Task3). */
export const TASK_NAMES: readonly TaskName[] = Object.freeze(['maze', 'go-nogo', 'perceptual-decision']);

/** A batch-major data set of one task: inputs `trials × steps × channels`, one label per trial. */
export interface TaskData {
  readonly task: TaskName;
  readonly trials: number;
  readonly steps: number;
  readonly channels: number;
  readonly classes: number;
  /** Inputs, row-major `[trial][step][channel]`. */
  readonly inputs: Float32Array;
  /** Class index of each trial (the one-hot label's hot position). */
  readonly labels: Int32Array;
}
