/**
 * Environment variable with a base URL that serves the data files under their registry paths
 * (`<base>/winding2023/Supplementary-Data-S1.zip`, `<base>/door2/Or42a.csv`): an institutional
 * mirror, or a local server in tests. Every download is still checked against the pinned sha256.
 */
export const DATA_MIRROR_ENV_VAR = 'OLFACTORY_DATA_MIRROR';
