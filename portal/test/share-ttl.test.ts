import { expect, test } from '@playwright/test';
import { loadPortalConfig } from '../src/config';

test.describe('PORTAL_SHARE_TTL_SECONDS', () => {
  test('defaults to fifteen minutes', () => {
    expect(loadPortalConfig({}, []).shareTtlSeconds).toBe(900);
  });

  test('a short lifetime is accepted, so a test environment can wait a link out', () => {
    expect(loadPortalConfig({ PORTAL_SHARE_TTL_SECONDS: '3' }, []).shareTtlSeconds).toBe(3);
  });

  test('a lifetime that is not 1 s to a day is a start-up error naming the variable', () => {
    for (const value of ['0', '-5', 'abc', '1.5', '86401']) {
      expect(() => loadPortalConfig({ PORTAL_SHARE_TTL_SECONDS: value }, []), value).toThrow(/PORTAL_SHARE_TTL_SECONDS/);
    }
  });
});
