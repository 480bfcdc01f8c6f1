import { expect, test } from '@playwright/test';
import { makeNir, nirDepartement, nirKey, nirKeyIsValid } from './nir';

/** Independent reference: BigInt arithmetic on the substituted number. */
function referenceKey(first13: string): string {
  const n = BigInt(first13.replace(/^(.{5})2A/, '$119').replace(/^(.{5})2B/, '$118'));
  return String(97n - (n % 97n)).padStart(2, '0');
}

test.describe('NIR', () => {
  test('key is 97 - (n mod 97) on a metropolitan number', () => {
    // 1 80 01 75 112 123: 1800175112123 mod 97 = 53, key 44.
    expect(nirKey('1800175112123')).toBe('44');
    expect(nirKey('2690513055001')).toBe(referenceKey('2690513055001'));
  });

  test('Corsica: 2A counts as 19 and 2B as 18 in the key', () => {
    expect(nirKey('18001' + '2A' + '004123')).toBe(referenceKey('1800119004123'));
    expect(nirKey('18001' + '2B' + '004123')).toBe(referenceKey('1800118004123'));
    expect(nirKey('180012A004123')).not.toBe(nirKey('180012B004123'));
  });

  test('makeNir lays out sex, YYMM, département, commune, ordre and a valid key', () => {
    const nir = makeNir({ sex: 2, dateNaissance: '1985-07-14', mdph: '075', commune: 112, ordre: 7 });
    expect(nir).toMatch(/^2850775112007\d\d$/);
    expect(nirKeyIsValid(nir)).toBe(true);
    const corse = makeNir({ sex: 1, dateNaissance: '1990-02-01', mdph: '2A', commune: 4, ordre: 123 });
    expect(corse.slice(0, 13)).toBe('190022A004123');
    expect(corse.slice(13)).toBe(referenceKey('1900219004123'));
    expect(nirKeyIsValid(corse)).toBe(true);
    const bastia = makeNir({ sex: 1, dateNaissance: '1990-02-01', mdph: '2B', commune: 33, ordre: 5 });
    expect(bastia.slice(5, 7)).toBe('2B');
    expect(nirKeyIsValid(bastia)).toBe(true);
  });

  test('overseas départements use 97 and carry their third digit into the commune', () => {
    expect(nirDepartement('971')).toEqual({ dept: '97', communePrefix: '1' });
    const nir = makeNir({ sex: 1, dateNaissance: '2001-12-30', mdph: '974', commune: 11, ordre: 42 });
    expect(nir.slice(0, 13)).toBe('1011297411042');
    expect(nirKeyIsValid(nir)).toBe(true);
  });

  test('a tampered NIR fails the key check', () => {
    const nir = makeNir({ sex: 1, dateNaissance: '1970-03-21', mdph: '013', commune: 55, ordre: 301 });
    expect(nirKeyIsValid(nir)).toBe(true);
    const digit = (c: string): string => String((Number(c) + 1) % 10);
    expect(nirKeyIsValid(nir.slice(0, 6) + digit(nir[6] ?? '0') + nir.slice(7))).toBe(false);
    expect(nirKeyIsValid(nir.slice(0, 13) + String((Number(nir.slice(13)) % 97) + 1).padStart(2, '0'))).toBe(false);
    const corse = makeNir({ sex: 1, dateNaissance: '1990-02-01', mdph: '2A', commune: 4, ordre: 123 });
    expect(nirKeyIsValid(corse.replace('2A', '2B'))).toBe(false);
    expect(nirKeyIsValid(corse.replace('2A', '19'))).toBe(true); // same number, so same key: documents the substitution
  });

  test('malformed input is rejected', () => {
    expect(nirKeyIsValid('12345')).toBe(false);
    expect(nirKeyIsValid('3800175112123XX')).toBe(false);
    expect(() => makeNir({ sex: 1, dateNaissance: '1970/03/21', mdph: '013', commune: 1, ordre: 1 })).toThrow(/dateNaissance/);
    expect(() => makeNir({ sex: 1, dateNaissance: '1970-03-21', mdph: '020', commune: 1, ordre: 1 })).toThrow(/MDPH code/);
    expect(() => makeNir({ sex: 1, dateNaissance: '1970-03-21', mdph: '013', commune: 1000, ordre: 1 })).toThrow(/commune/);
  });
});
