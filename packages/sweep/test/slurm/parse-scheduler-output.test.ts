import { expandArrayTaskString, parseScontrolShowJob, parseSqueueJson } from '../../src/index';

// Captured from Slurm 22.05.8 (Debian 12) on the single-node cluster of scripts/slurm/start-slurm.sh:
//   sbatch --array=0-3%1 --wrap 'sleep 1; [ $SLURM_ARRAY_TASK_ID = 1 ] && exit 5; true'   → job 8
// then `squeue --json` (records trimmed to the fields read here) and `scontrol -o show job 8`
// (fields with paths and times removed), once while task 0 ran and once after the array ended.
const SQUEUE_RUNNING = `{"meta": {"plugin": {"type": "openapi/v0.0.38", "name": "Slurm OpenAPI v0.0.38"}}, "errors": [], "jobs": [
 {"job_id": 9, "array_job_id": 8, "array_task_id": 0, "array_task_string": "", "array_max_tasks": 1, "job_state": "RUNNING", "state_reason": "None", "exit_code": 0},
 {"job_id": 8, "array_job_id": 8, "array_task_id": null, "array_task_string": "1-3%1", "array_max_tasks": 1, "job_state": "PENDING", "state_reason": "JobArrayTaskLimit", "exit_code": 0},
 {"job_id": 1, "array_job_id": 0, "array_task_id": null, "array_task_string": "", "array_max_tasks": 0, "job_state": "COMPLETED", "state_reason": "None", "exit_code": 0}]}`;
const SQUEUE_ENDED = `{"meta": {}, "errors": [], "jobs": [
 {"job_id": 9, "array_job_id": 8, "array_task_id": 0, "array_task_string": "", "job_state": "COMPLETED", "state_reason": "None", "exit_code": 0},
 {"job_id": 10, "array_job_id": 8, "array_task_id": 1, "array_task_string": "", "job_state": "FAILED", "state_reason": "NonZeroExitCode", "exit_code": 1280},
 {"job_id": 11, "array_job_id": 8, "array_task_id": 2, "array_task_string": "", "job_state": "COMPLETED", "state_reason": "None", "exit_code": 0},
 {"job_id": 8, "array_job_id": 8, "array_task_id": 3, "array_task_string": "", "job_state": "COMPLETED", "state_reason": "None", "exit_code": 0}]}`;
const SCONTROL_RUNNING = `JobId=8 ArrayJobId=8 ArrayTaskId=1-3%1 ArrayTaskThrottle=1 JobName=wrap JobState=PENDING Reason=JobArrayTaskLimit Dependency=(null) ExitCode=0:0
JobId=9 ArrayJobId=8 ArrayTaskId=0 ArrayTaskThrottle=1 JobName=wrap JobState=RUNNING Reason=None Dependency=(null) ExitCode=0:0
`;
const SCONTROL_ENDED = `JobId=8 ArrayJobId=8 ArrayTaskId=3 ArrayTaskThrottle=1 JobName=wrap JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0
JobId=11 ArrayJobId=8 ArrayTaskId=2 ArrayTaskThrottle=1 JobName=wrap JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0
JobId=10 ArrayJobId=8 ArrayTaskId=1 ArrayTaskThrottle=1 JobName=wrap JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=5:0
JobId=9 ArrayJobId=8 ArrayTaskId=0 ArrayTaskThrottle=1 JobName=wrap JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0
`;

const brief = (t: { arrayJobId: string; arrayTaskId: number | undefined; jobId: string; state: string; exitCode: number | undefined }) =>
  `${t.arrayJobId}_${t.arrayTaskId ?? '-'} (${t.jobId}) ${t.state} ${t.exitCode}`;

describe('expandArrayTaskString', () => {
  it('expandArrayTaskString(text) expands ranges, lists and steps and drops the %throttle', () => {
    expect(expandArrayTaskString('1-3%1')).toEqual([1, 2, 3]);
    expect(expandArrayTaskString('1,4-6%2')).toEqual([1, 4, 5, 6]);
    expect(expandArrayTaskString('0-10:5')).toEqual([0, 5, 10]);
    expect(expandArrayTaskString('7')).toEqual([7]);
    expect(expandArrayTaskString('')).toEqual([]);
  });
});

describe('parseSqueueJson', () => {
  it('parseSqueueJson(text) gives one state per task and expands the pending part of an array', () => {
    expect(parseSqueueJson(SQUEUE_RUNNING)!.map(brief)).toEqual(['8_0 (9) RUNNING 0', '8_1 (8) PENDING 0', '8_2 (8) PENDING 0', '8_3 (8) PENDING 0', '1_- (1) COMPLETED 0']);
  });

  it('parseSqueueJson(text) decodes the 22.05 wait status (1280 = exit code 5) and the reason', () => {
    const tasks = parseSqueueJson(SQUEUE_ENDED)!;
    expect(tasks.map(brief)).toEqual(['8_0 (9) COMPLETED 0', '8_1 (10) FAILED 5', '8_2 (11) COMPLETED 0', '8_3 (8) COMPLETED 0']);
    expect(tasks[1]).toMatchObject({ exitSignal: 0, reason: 'NonZeroExitCode' });
  });

  it('parseSqueueJson(text) reads the exit-code object and state lists of later Slurm versions', () => {
    const v40 = JSON.stringify({
      jobs: [
        {
          job_id: 21,
          array_job_id: { number: 20, set: true },
          array_task_id: { number: 1, set: true },
          job_state: ['TIMEOUT'],
          exit_code: { status: ['SIGNALED'], return_code: { number: 0 }, signal: { id: { number: 15 } } },
        },
      ],
    });
    expect(parseSqueueJson(v40)).toEqual([{ arrayJobId: '20', arrayTaskId: 1, jobId: '21', state: 'TIMEOUT', exitCode: 0, exitSignal: 15, reason: undefined }]);
  });

  it('parseSqueueJson(text) returns undefined for text that is not squeue JSON', () => {
    expect(parseSqueueJson('squeue: error: Unable to contact slurm controller')).toBeUndefined();
    expect(parseSqueueJson('{"meta": {}}')).toBeUndefined();
  });
});

describe('parseScontrolShowJob', () => {
  it('parseScontrolShowJob(text) agrees with parseSqueueJson on the same array, running and ended', () => {
    const key = (t: ReturnType<typeof parseScontrolShowJob>[number]) => `${t.arrayTaskId}`;
    const byTask = (ts: ReturnType<typeof parseScontrolShowJob>) => ts.map(brief).sort();
    expect(byTask(parseScontrolShowJob(SCONTROL_RUNNING))).toEqual(byTask(parseSqueueJson(SQUEUE_RUNNING)!.filter((t) => t.arrayJobId === '8')));
    expect(byTask(parseScontrolShowJob(SCONTROL_ENDED))).toEqual(byTask(parseSqueueJson(SQUEUE_ENDED)!));
    expect(parseScontrolShowJob(SCONTROL_ENDED).find((t) => key(t) === '1')).toMatchObject({ state: 'FAILED', exitCode: 5, exitSignal: 0, reason: 'NonZeroExitCode' });
  });
});
