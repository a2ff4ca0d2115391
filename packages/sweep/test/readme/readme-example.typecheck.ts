import { openSweep, readSweepStatus, runLocalSweep } from '../../src/index';

// One "fit" per seed: each job is a Node process that writes its result atomically (temp + rename).
const fit = `const fs = require('node:fs'); const [seed, out] = process.argv.slice(1);
fs.writeFileSync(out + '.tmp', JSON.stringify({ seed: Number(seed), score: (Number(seed) % 7) / 7 }));
fs.renameSync(out + '.tmp', out);`;
const jobs = [42, 43, 44].map((seed) => ({
  id: `seed-${seed}`,
  argv: [process.execPath, '-e', fit, String(seed), '{output}'],
  output: `results/seed-${seed}.json`,
}));

openSweep('sweeps/demo', { jobs });
const first = await runLocalSweep('sweeps/demo', {
  workers: 2,
  onEvent: (e) => e.type === 'done' && console.log(`finished ${e.job.id}`),
});
console.log(`first run: ${first.done.length} done, ${first.failed.length} failed`);

const again = await runLocalSweep('sweeps/demo', { workers: 2 });
console.log(`second run: skipped ${again.skipped.join(', ')}; ran ${again.done.length}`);

const status = await readSweepStatus('sweeps/demo');
console.log(`status: ${status.counts.done}/${status.total} done`);
