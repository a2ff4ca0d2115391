/** `@olfactory/connectome-data/test`: where the real test data is, for every package's tests. */
export { testDataDir } from './data-dir';
