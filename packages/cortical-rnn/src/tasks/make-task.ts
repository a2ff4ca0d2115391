/** Builds a task's data set by name. */
import { InvalidParameterError } from '@olfactory/neurons';
import type { RandomSource } from '../random-source';
import { goNogoTask } from './go-nogo-task';
import { mazeTask } from './maze-task';
import { perceptualDecisionTask } from './perceptual-decision-task';
import { TASK_NAMES } from './task-types';
import type { TaskData, TaskName } from './task-types';

/**
 * @example
 *   makeTask('go-nogo', 5120, randomSource(1, RNG_STREAMS.train));
 */
export function makeTask(task: TaskName, trials: number, source: RandomSource): TaskData {
  if (!Number.isInteger(trials) || trials < 1) throw new InvalidParameterError({ parameter: 'trials', value: trials, expected: 'an integer ≥ 1' });
  switch (task) {
    case 'maze':
      return mazeTask({ trials, source });
    case 'go-nogo':
      return goNogoTask({ trials, source });
    case 'perceptual-decision':
      return perceptualDecisionTask({ trials, source });
    default:
      throw new InvalidParameterError({ parameter: 'task', value: task, expected: `one of ${TASK_NAMES.join(', ')}` });
  }
}
