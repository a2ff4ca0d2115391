import { InvalidParameterError } from '@olfactory/neurons';
import { resolveDataDir } from '../../src/registry/resolve-data-dir';

describe('resolveDataDir', () => {
  const home = '/home/ada';

  it('resolveDataDir() has the expected defaults: the per-user cache on Linux', () => {
    expect(resolveDataDir({ env: {}, homedir: home, platform: 'linux' })).toEqual({ dir: '/home/ada/.cache/olfactory', source: 'cache' });
  });

  it('resolveDataDir(options) prefers the dataDir option over OLFACTORY_DATA_DIR over the cache', () => {
    const env = { OLFACTORY_DATA_DIR: '/srv/env-data', XDG_CACHE_HOME: '/var/cache/ada' };
    expect(resolveDataDir({ dataDir: '/srv/option-data', env, homedir: home, platform: 'linux' })).toEqual({ dir: '/srv/option-data', source: 'option' });
    expect(resolveDataDir({ env, homedir: home, platform: 'linux' })).toEqual({ dir: '/srv/env-data', source: 'env' });
    expect(resolveDataDir({ env: { XDG_CACHE_HOME: '/var/cache/ada' }, homedir: home, platform: 'linux' })).toEqual({ dir: '/var/cache/ada/olfactory', source: 'cache' });
  });

  it('resolveDataDir(options) ignores an empty OLFACTORY_DATA_DIR and a relative XDG_CACHE_HOME', () => {
    expect(resolveDataDir({ env: { OLFACTORY_DATA_DIR: '', XDG_CACHE_HOME: 'relative/cache' }, homedir: home, platform: 'linux' })).toEqual({
      dir: '/home/ada/.cache/olfactory',
      source: 'cache',
    });
  });

  it('a relative HOME never puts the per-user cache into the working folder (issue 13 §3.12)', () => {
    const { userInfo } = jest.requireActual<typeof import('node:os')>('node:os');
    const account = userInfo().homedir;
    const r = resolveDataDir({ env: {}, homedir: '.', platform: 'linux' });
    expect(r.source).toBe('cache');
    expect(r.dir.startsWith('/')).toBe(true);
    expect(r.dir).not.toBe('.cache/olfactory');
    expect(r.dir).toBe(`${account}/.cache/olfactory`);
  });

  it('resolveDataDir(options) resolves relative option and env paths against cwd', () => {
    expect(resolveDataDir({ dataDir: 'data', cwd: '/home/user/project', env: {} }).dir).toBe('/home/user/project/data');
    expect(resolveDataDir({ cwd: '/home/user/project', env: { OLFACTORY_DATA_DIR: '../shared' } }).dir).toBe('/home/user/shared');
  });

  it('resolveDataDir(options) uses ~/Library/Caches on macOS and %LOCALAPPDATA% on Windows', () => {
    expect(resolveDataDir({ env: { XDG_CACHE_HOME: '/ignored' }, homedir: '/Users/ada', platform: 'darwin' }).dir).toBe('/Users/ada/Library/Caches/olfactory');
    expect(resolveDataDir({ env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, homedir: 'C:\\Users\\ada', platform: 'win32' }).dir).toBe('C:\\Users\\ada\\AppData\\Local\\olfactory\\Cache');
    expect(resolveDataDir({ env: {}, homedir: 'C:\\Users\\ada', platform: 'win32' }).dir).toBe('C:\\Users\\ada\\AppData\\Local\\olfactory\\Cache');
  });

  it('resolveDataDir(options) throws InvalidParameterError for an empty dataDir', () => {
    expect(() => resolveDataDir({ dataDir: '  ', env: {} })).toThrow(InvalidParameterError);
    expect(() => resolveDataDir({ dataDir: '', env: {} })).toThrow(/invalid dataDir: ""; expected a non-empty directory path/);
  });
});
