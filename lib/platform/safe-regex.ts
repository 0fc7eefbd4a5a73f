import v8 from "node:v8";

/**
 * Regular expressions from users (content filters, `pattern` in event-type schemas) run on our servers, so a
 * catastrophic pattern such as `(a+)+$` must not be able to stall the event loop.
 *
 * V8 has a linear-time regex engine (no backtracking) behind a flag; patterns compiled with the `l` flag run in time
 * linear in the input, and patterns that cannot (backreferences, lookaround) are refused when compiled. We switch the
 * flag on for the process. Where the engine is unavailable we fall back to refusing the pattern shapes that backtrack
 * catastrophically (a quantified group that itself contains a quantifier or an alternation), and cap the input.
 */

export const MAX_PATTERN_LENGTH = 256;
/** Strings longer than this never match a user pattern: the fallback engine's cost grows with input length. */
export const MAX_SUBJECT_LENGTH = 65_536;

v8.setFlagsFromString("--enable-experimental-regexp-engine");

function linearEngineAvailable(): boolean {
  try {
    new RegExp("a", "l");
    return true;
  } catch {
    return false;
  }
}

const LINEAR = linearEngineAvailable();

export class UnsafeRegexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeRegexError";
  }
}

/**
 * Finds a quantifier applied to a group that contains a quantifier or `|`, the shape behind exponential backtracking.
 * Character classes and escapes are skipped so `[+*]` and `\+` are not mistaken for quantifiers.
 */
function hasNestedQuantifier(pattern: string): boolean {
  // For each open group: whether it contains a quantifier or an alternation so far.
  const groups: boolean[] = [];
  let lastGroupRisky = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      lastGroupRisky = false;
      continue;
    }
    if (c === "[") {
      i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      lastGroupRisky = false;
      continue;
    }
    if (c === "(") {
      groups.push(false);
      continue;
    }
    if (c === ")") {
      lastGroupRisky = groups.pop() ?? false;
      if (lastGroupRisky && groups.length > 0) groups[groups.length - 1] = true;
      continue;
    }
    const quantifier = c === "*" || c === "+" || c === "?" || c === "{";
    if (quantifier) {
      if (lastGroupRisky) return true;
      if (groups.length > 0) groups[groups.length - 1] = true;
    } else if (c === "|" && groups.length > 0) {
      groups[groups.length - 1] = true;
    }
    lastGroupRisky = false;
  }
  return false;
}

/**
 * Compiles a user pattern so that matching cannot backtrack catastrophically, or throws UnsafeRegexError with a
 * message fit for the user. No flags: the linear engine supports neither `i` nor `u` on the Node versions we run.
 */
export function compileSafeRegex(pattern: string): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new UnsafeRegexError(`The pattern is longer than ${MAX_PATTERN_LENGTH} characters.`);
  }
  if (LINEAR) {
    try {
      return new RegExp(pattern, "l");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.includes("linear time")) {
        throw new UnsafeRegexError(
          "The pattern needs backtracking (a backreference or lookaround), which is not allowed; rewrite it without them.",
        );
      }
      throw new UnsafeRegexError(`The pattern is not a valid regular expression: ${message}`);
    }
  }
  if (hasNestedQuantifier(pattern) || /\\[1-9]|\\k<|\(\?<?[=!]/.test(pattern)) {
    throw new UnsafeRegexError(
      "The pattern could backtrack catastrophically (a repeated group containing a quantifier or |, a backreference or lookaround); simplify it.",
    );
  }
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new UnsafeRegexError(`The pattern is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** Tests a compiled user pattern against a string, refusing over-long subjects (see MAX_SUBJECT_LENGTH). */
export function safeTest(regex: RegExp, subject: string): boolean {
  if (subject.length > MAX_SUBJECT_LENGTH) return false;
  regex.lastIndex = 0;
  return regex.test(subject);
}

export const _internals = { hasNestedQuantifier, linear: LINEAR };
