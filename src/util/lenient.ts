/**
 * Readers for text the target (or a recording) controls: a malformed value is "nothing to read",
 * never an exception in the middle of a probe.
 */

/** `decodeURIComponent`, or the value as it is when it is not valid percent-encoding. */
export function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The parsed JSON, or undefined when the text is absent or not JSON. */
export function parseJsonOrUndefined(text: string | undefined): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
