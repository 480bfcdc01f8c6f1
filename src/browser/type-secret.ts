import type { Locator } from '@playwright/test';

/**
 * Types a secret (a password) into a form field without it reaching any report. `locator.fill`
 * and the keyboard methods are recorded as steps titled with the value (`Fill "<password>"`),
 * kept in the HTML report's data and in blob reports; an evaluation is recorded as "Evaluate"
 * with neither its argument nor its result. The field gets what typing gives a page: its value,
 * then `input` and `change` events (through the native setter, so frameworks that watch the
 * property see it too).
 */
export async function typeSecret(field: Locator, secret: string): Promise<void> {
  await field.waitFor({ state: 'visible' });
  await field.evaluate((element, value) => {
    const input = element as HTMLInputElement;
    input.focus();
    // The prototype's setter, not the instance's: frameworks that track the property see the change.
    const prototype = Object.getPrototypeOf(input) as object;
    Reflect.set(prototype, 'value', value, input);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, secret);
}
