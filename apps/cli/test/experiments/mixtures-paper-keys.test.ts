import { paperValue } from '@olfactory/model';
import { shippedExperimentTableFiles } from '@olfactory/models';
import { mixturesPaperKeys } from '../../src/experiments/experiment-evaluation';
import { readExperimentTable } from '../../src/experiments/experiment-results';
import { experimentCell } from '../../src/experiments/experiment-table';

describe('the paper values a mixtures row is compared with', () => {
  test("canonical: R5's four values, each with the paper's σ", () => {
    const keys = mixturesPaperKeys('canonical');
    expect(Object.keys(keys).sort()).toEqual(['mixtureComponentCosine', 'mixtureVsIndividualSvm', 'subAdditivePairsPercent', 'subAdditiveTripletsPercent']);
    expect(paperValue(keys.mixtureComponentCosine!)?.value).toBe(0.805);
    expect(paperValue(keys.subAdditivePairsPercent!)).toMatchObject({ value: 69.3 });
    for (const k of Object.values(keys)) expect(paperValue(k)).toBeDefined();
  });

  test("another condition: only Figure 4D's 2-odor sub-additivity of that condition (no σ), never R5's canonical values", () => {
    expect(mixturesPaperKeys('ce-only')).toEqual({ subAdditivePairsPercent: 'fig4.ce-only.subAdditivePercent' });
    expect(mixturesPaperKeys('shuffled')).toEqual({ subAdditivePairsPercent: 'fig4.shuffled.subAdditivePercent' });
    expect(mixturesPaperKeys('no-apl')).toEqual({ subAdditivePairsPercent: 'fig4.no-apl.subAdditivePercent' });
    expect(paperValue('fig4.shuffled.subAdditivePercent')?.value).toBe(43.78);
    // a condition the paper gives no mixture value for is compared with nothing
    expect(mixturesPaperKeys('energy-50')).toEqual({});
    // the shuffled connectome's sub-additivity beside Figure 4D: a paper value, no σ difference
    const cell = experimentCell([38.1, 38.5], mixturesPaperKeys('shuffled').subAdditivePairsPercent);
    expect(cell.paper).toBe(43.78);
    expect(cell.zPaper).toBeUndefined();
  });

  test("the shipped tables compare each mixtures row with its own condition's values", async () => {
    let rows = 0;
    for (const file of await shippedExperimentTableFiles()) {
      const table = await readExperimentTable(file);
      for (const row of table.rows.filter((r) => r.id.endsWith('mixtures'))) {
        rows++;
        const keys = mixturesPaperKeys(row.condition);
        for (const [metric, cell] of Object.entries(row.metrics)) {
          const expected = keys[metric] === undefined ? undefined : paperValue(keys[metric]!)?.value;
          expect({ file: table.experiment, row: row.id, metric, paper: cell.paper }).toEqual({ file: table.experiment, row: row.id, metric, paper: expected });
        }
      }
    }
    // R1's CE-only row, R3's canonical, shuffled and APL-less rows, R5's canonical row
    expect(rows).toBe(5);
  });
});
