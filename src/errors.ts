/**
 * Bad input (profile, env, flags, seeds): one error naming the field, raised before any request.
 * Its message is meant to be printed as is, without a stack.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    problem: string,
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}${field} ${problem}`);
  }
}

/**
 * A target that does not behave as its profile says (failed login, seed, upload, unreachable).
 * `field`: the profile field whose request failed, and the status it got, when known (doctor names them).
 */
export class TargetError extends Error {
  override readonly name = 'TargetError';
  constructor(
    message: string,
    readonly detail: { field?: string; status?: number } = {},
  ) {
    super(message);
  }
}
