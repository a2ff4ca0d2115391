import { existsSync } from 'node:fs';
import { threadEntryFile, ThreadEntryMissingError } from '../../src/threads/thread-entry';

describe('threadEntryFile', () => {
  it('run from the sources, finds the bundle the test runner built from them', () => {
    const file = threadEntryFile('noise-thread');
    expect(file).toMatch(/olfactory-model[\\/]node_modules[\\/]\.cache[\\/]olfactory-threads[\\/]noise-thread\.cjs$/);
    expect(existsSync(file)).toBe(true);
  });

  it('throws a ThreadEntryMissingError naming the file when the bundle is not there', () => {
    jest.isolateModules(() => {
      jest.doMock('node:fs', () => ({ ...jest.requireActual<typeof import('node:fs')>('node:fs'), existsSync: (p: string) => p.endsWith('.ts') }));
      const { threadEntryFile: lookUp } = jest.requireActual<typeof import('../../src/threads/thread-entry')>('../../src/threads/thread-entry');
      let error: unknown;
      try {
        lookUp('noise-thread');
      } catch (e) {
        error = e;
      }
      expect(ThreadEntryMissingError.isInstance(error)).toBe(true);
      expect((error as ThreadEntryMissingError).code).toBe('OLFACTORY_THREAD_ENTRY_MISSING');
      expect((error as Error).message).toMatch(/noise-thread\.cjs of @olfactory\/model is missing; run the tests through jest/);
    });
    jest.dontMock('node:fs');
  });
});
