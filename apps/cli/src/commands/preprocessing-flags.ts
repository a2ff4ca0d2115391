import type { Command } from 'commander';
import type { CircuitPreprocessing, OrMappingName } from '@olfactory/connectome-data';
import { dataVariantByName, resolvePreprocessing } from '@olfactory/connectome-data';

/**
 * The connectome preprocessing of `--variant NAME` with `--or-mapping` and `--ln-quantile`
 * applied on top when they were given (on the command line or in `--config`); their defaults do
 * not override the variant's values.
 */
export function preprocessingFromFlags(cmd: Command, flags: { variant: string; orMapping: OrMappingName; lnQuantile: number }): CircuitPreprocessing {
  const given = (key: string) => {
    const source = cmd.getOptionValueSource(key);
    return source !== undefined && source !== 'default';
  };
  return resolvePreprocessing({
    ...dataVariantByName(flags.variant).preprocessing,
    ...(given('orMapping') ? { orMapping: flags.orMapping } : {}),
    ...(given('lnQuantile') ? { lnQuantile: flags.lnQuantile } : {}),
  });
}
