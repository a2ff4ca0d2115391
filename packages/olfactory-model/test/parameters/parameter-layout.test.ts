import { CHEMICAL_PATHWAYS } from '../../src/parameters/chemical-pathways';
import { parameterCount, studentParameterLayout } from '../../src/parameters/parameter-layout';

describe('studentParameterLayout', () => {
  const layout = studentParameterLayout();
  const byGroup = (g: string) => layout.filter((p) => p.group === g).reduce((s, p) => s + p.size, 0);

  it('has exactly 449 learnable scalars (spec §2.14), counted by group', () => {
    expect(parameterCount(layout)).toBe(449);
    expect(byGroup('orGains')).toBe(21);
    expect(byGroup('orCurrentGain')).toBe(1);
    expect(byGroup('tauMembrane')).toBe(3);
    expect(byGroup('ornThreshold')).toBe(42);
    expect(byGroup('lnThreshold')).toBe(108);
    expect(byGroup('pnThreshold')).toBe(72);
    expect(byGroup('kcThreshold')).toBe(144);
    expect(byGroup('gSoma')).toBe(1);
    expect(byGroup('gapConductance')).toBe(3);
    expect(byGroup('apl')).toBe(4);
    expect(byGroup('kcKcGradedGain')).toBe(2);
    expect(byGroup('chemicalPathway')).toBe(48);
    // 83 scalars + 366 thresholds.
    expect(449 - (42 + 108 + 72 + 144)).toBe(83);
  });

  it('has unique names and 16 chemical pathways', () => {
    expect(new Set(layout.map((p) => p.name)).size).toBe(layout.length);
    expect(CHEMICAL_PATHWAYS).toHaveLength(16);
  });

  it('uses the §3.3 initial values and §3.4 learning-rate multipliers', () => {
    const get = (n: string) => layout.find((p) => p.name === n)!;
    expect(get('kc.vTh').init).toBeCloseTo(-37.5e-3, 12);
    expect(get('ln.vTh').init).toBeCloseTo(-47.5e-3, 12);
    expect(Math.exp(get('pathway.orn_pn.logStrength').init as number)).toBeCloseTo(3.5e-9, 18);
    expect(Math.exp(get('pathway.ln_pn_excit.logStrength').init as number)).toBeCloseTo(6e-10, 19);
    expect(get('pathway.pn_kc.logStrength').lr).toBe(4);
    expect(get('pathway.ln_orn_nonad.logStrength').lr).toBe(0.05);
    expect(get('pathway.kc_kc_aa.logTauRec').lr).toBe(0.1);
    expect(get('kc.vTh').lr).toBe(0.01);
    expect(get('apl.logTau').lr).toBe(0.05);
    expect(get('apl.gain').init).toBe('teacherAplGainTimes4');
    const u = get('pathway.orn_ln.logitU');
    expect(1 / (1 + Math.exp(-(u.init as number)))).toBeCloseTo(0.3, 12);
  });

  it('tightens the strength bound to 1e−8 A for KC–KC aa/ad and PN→KC non-AD', () => {
    const upper = (n: string) => Math.exp(layout.find((p) => p.name === `pathway.${n}.logStrength`)!.bounds![1]);
    expect(upper('kc_kc_aa')).toBeCloseTo(1e-8, 20);
    expect(upper('kc_kc_ad')).toBeCloseTo(1e-8, 20);
    expect(upper('pn_kc_nonad')).toBeCloseTo(1e-8, 20);
    expect(upper('pn_kc')).toBeCloseTo(1e-7, 20);
  });
});
