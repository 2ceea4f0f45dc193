// chipgame explorer: exact rationals on BigInt, floats only where a value is irrational, and the
// runtime the compiled payoff formulas call (R.add, R.pow, ...), with the same results as
// chipgame.payoffs.evaluation in Python: a sum or product with a float in it is a float, exp and
// log are floats, a root is exact when it exists, comparisons are exact.
const Exact = (function () {
  "use strict";
  const MAX_BITS = 100000;

  class Q {
    constructor(n, d) { this.n = n; this.d = d; }
  }

  class Undefined extends Error {}

  function gcd(a, b) {
    if (a < 0n) a = -a;
    if (b < 0n) b = -b;
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
  }

  function q(n, d) {
    if (d === 0n) throw new Undefined("it divides by zero");
    if (d < 0n) { n = -n; d = -d; }
    const g = gcd(n, d);
    return g > 1n ? new Q(n / g, d / g) : new Q(n, d);
  }

  const isQ = (x) => x instanceof Q;
  const ZERO = q(0n, 1n);
  const ONE = q(1n, 1n);
  const bitLength = (v) => (v === 0n ? 0 : (v < 0n ? -v : v).toString(2).length);

  function qadd(a, b) { return q(a.n * b.d + b.n * a.d, a.d * b.d); }
  function qsub(a, b) { return q(a.n * b.d - b.n * a.d, a.d * b.d); }
  function qmul(a, b) { return q(a.n * b.n, a.d * b.d); }
  function qdiv(a, b) { return q(a.n * b.d, a.d * b.n); }
  function qcmp(a, b) {
    const left = a.n * b.d, right = b.n * a.d;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  // The double nearest to a rational, as Python's float(Fraction) gives it.
  function toFloat(x) {
    if (typeof x === "number") return x;
    const negative = x.n < 0n;
    const a = negative ? -x.n : x.n, d = x.d;
    if (a === 0n) return 0;
    const LIMIT = 9007199254740992n;
    if (a <= LIMIT && d <= LIMIT) return (negative ? -Number(a) : Number(a)) / Number(d);
    const shift = 55 + bitLength(d) - bitLength(a);
    const numerator = shift >= 0 ? a << BigInt(shift) : a;
    const denominator = shift >= 0 ? d : d << BigInt(-shift);
    let quotient = numerator / denominator;
    if (quotient * denominator !== numerator) quotient |= 1n;  // sticky bit: round once, correctly
    let value = Number(quotient);
    for (let s = shift; s !== 0;) {
      const step = Math.max(-1000, Math.min(1000, s));
      value *= Math.pow(2, -step);
      s -= step;
    }
    return negative ? -value : value;
  }

  // A finite double as the exact binary fraction it is.
  function fromFloat(x) {
    if (!Number.isFinite(x)) throw new Undefined("a value is infinite or not a number");
    let exponent = 0n;
    while (!Number.isInteger(x)) { x *= 2; exponent += 1n; }
    return q(BigInt(x), 1n << exponent);
  }

  const exact = (x) => (isQ(x) ? x : fromFloat(x));

  // -1, 0 or 1, exactly (a float compared as the binary fraction it is, as Python compares)
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
    return qcmp(exact(a), exact(b));
  }

  function finite(value) {
    if (isQ(value)) {
      if (bitLength(value.n) + bitLength(value.d) > MAX_BITS) {
        throw new Undefined("an exact value exceeds " + MAX_BITS + " bits");
      }
    } else if (!Number.isFinite(value)) {
      throw new Undefined("a value is infinite or not a number");
    }
    return value;
  }

  const plus = (a, b) => (isQ(a) && isQ(b) ? qadd(a, b) : toFloat(a) + toFloat(b));
  const times = (a, b) => (isQ(a) && isQ(b) ? qmul(a, b) : toFloat(a) * toFloat(b));

  function integerRoot(value, degree) {
    if (value < 2n) return value;
    const k = BigInt(degree);
    let x = 1n << BigInt(Math.ceil(bitLength(value) / degree) + 1);
    for (;;) {
      const y = ((k - 1n) * x + value / x ** (k - 1n)) / k;
      if (y >= x) break;
      x = y;
    }
    return x ** k === value ? x : null;
  }

  function exactRoot(base, degree) {
    if (base.n < 0n || degree > 64n) return null;
    const n = integerRoot(base.n, Number(degree)), d = integerRoot(base.d, Number(degree));
    return n === null || d === null ? null : q(n, d);
  }

  function power(base, exponent) {
    if (isQ(base) && isQ(exponent)) {
      if (exponent.d === 1n) {
        const size = bitLength(base.n) + bitLength(base.d);
        const times = exponent.n < 0n ? -exponent.n : exponent.n;
        if (times * BigInt(size) > BigInt(2 * MAX_BITS)) {
          throw new Undefined("a power is too large to compute exactly");
        }
        if (base.n === 0n && exponent.n < 0n) throw new Undefined("it divides by zero");
        return exponent.n >= 0n ? q(base.n ** times, base.d ** times) : q(base.d ** times, base.n ** times);
      }
      const root = exactRoot(base, exponent.d);
      if (root !== null) return power(root, q(exponent.n, 1n));
    }
    const integral = isQ(exponent) && exponent.d === 1n;
    if (compare(base, 0) < 0 && !integral) throw new Undefined("a negative number is raised to a non-integer power");
    if (compare(base, 0) === 0 && compare(exponent, 0) < 0) throw new Undefined("it divides by zero");
    return Math.pow(toFloat(base), toFloat(exponent));
  }

  // The runtime of the compiled formulas (see chipgame.reports.javascript_formulas).
  const R = {
    q: (n, d) => q(n, d),
    f: (x) => x,
    add: (...terms) => terms.reduce((total, term) => finite(plus(total, term)), ZERO),
    mul: (...factors) => factors.reduce((total, factor) => finite(times(total, factor)), ONE),
    min: (...values) => values.reduce((best, v) => (compare(v, best) < 0 ? v : best)),
    max: (...values) => values.reduce((best, v) => (compare(v, best) > 0 ? v : best)),
    pow: (base, exponent) => finite(power(base, exponent)),
    abs: (x) => (isQ(x) ? (x.n < 0n ? q(-x.n, x.d) : x) : Math.abs(x)),
    exp: (x) => finite(Math.exp(toFloat(x))),
    log: (x) => {
      if (compare(x, 0) <= 0) throw new Undefined("log of a non-positive number");
      return finite(Math.log(toFloat(x)));
    },
    piecewise: (...parts) => {
      for (let k = 0; k < parts.length; k += 2) if (parts[k]()) return parts[k + 1]();
      throw new Undefined("no branch of a conditional applies");
    },
    lt: (a, b) => compare(a, b) < 0,
    le: (a, b) => compare(a, b) <= 0,
    gt: (a, b) => compare(a, b) > 0,
    ge: (a, b) => compare(a, b) >= 0,
    eq: (a, b) => compare(a, b) === 0,
    ne: (a, b) => compare(a, b) !== 0,
    all: (...tests) => tests.every((test) => test()),
    any: (...tests) => tests.some((test) => test()),
    not: (truth) => !truth,
    ite: (test, ifTrue, ifFalse) => (test() ? ifTrue() : ifFalse()),
  };

  // "p/q" or "p" (an integer), as the JSON document writes exact values.
  function parse(text) {
    const parts = String(text).split("/");
    return q(BigInt(parts[0]), parts.length > 1 ? BigInt(parts[1]) : 1n);
  }

  const exactText = (x) => (x.d === 1n ? String(x.n) : x.n + "/" + x.d);

  // n / d rounded to an integer, half to even
  function roundHalfEven(n, d) {
    const negative = n < 0n, a = negative ? -n : n;
    let quotient = a / d;
    const twice = 2n * (a - quotient * d);
    if (twice > d || (twice === d && quotient % 2n === 1n)) quotient += 1n;
    return negative ? -quotient : quotient;
  }

  // Python's format(x, ".{places}f") of a double: its exact binary value rounded half to even
  function fixedText(x, places) {
    const exactly = fromFloat(x);
    const rounded = roundHalfEven(exactly.n * 10n ** BigInt(places), exactly.d);
    const digits = (rounded < 0n ? -rounded : rounded).toString().padStart(places + 1, "0");
    const text = places > 0 ? digits.slice(0, digits.length - places) + "." + digits.slice(digits.length - places)
      : digits;
    return x < 0 || Object.is(x, -0) ? "-" + text : text;
  }

  // Python's format(x, ".{digits}g") of a double
  function generalText(x, digits) {
    if (x === 0) return Object.is(x, -0) ? "-0" : "0";
    const exactly = fromFloat(Math.abs(x));
    const scale = (power) => (power >= 0 ? q(10n ** BigInt(power), 1n) : q(1n, 10n ** BigInt(-power)));
    const mantissa = (power) => {
      const scaled = qdiv(exactly, scale(power));
      return roundHalfEven(scaled.n, scaled.d);
    };
    let exponent = Number(Math.abs(x).toExponential(digits + 6).split("e")[1]);
    let significant = mantissa(exponent - digits + 1);
    if (significant >= 10n ** BigInt(digits)) {
      exponent += 1;
      significant = mantissa(exponent - digits + 1);
    }
    if (exponent >= -4 && exponent < digits) {
      const fixed = fixedText(x, digits - 1 - exponent);
      return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
    }
    const text = significant.toString();
    const body = (text.slice(0, 1) + "." + text.slice(1)).replace(/\.?0+$/, "");
    return (x < 0 ? "-" : "") + body + "e" + (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
  }

  const isDecimal = (x, places) => (10n ** BigInt(places)) % x.d === 0n;

  // chipgame.reports.numbers.format_number: short decimals exact, else p/q; a float to 4 figures
  function formatNumber(x, digits = 4) {
    if (!isQ(x)) return generalText(x, digits);
    if (x.d === 1n) return String(x.n);
    for (let places = 1; places <= digits; places += 1) {
      if (isDecimal(x, places)) return fixedText(toFloat(x), places);
    }
    return exactText(x);
  }

  // chipgame.reports.numbers.format_amount: a payoff exact when short, else rounded with a ~
  function formatAmount(x, places = 2) {
    if (isQ(x) && isDecimal(x, places)) return formatNumber(x, places);
    if (isQ(x) && x.d <= 12n) return exactText(x);
    return "~" + fixedText(toFloat(x), places);
  }

  return {
    R, q, ZERO, ONE, qadd, qsub, qmul, qdiv, qcmp, compare, toFloat, exact, parse, exactText, formatNumber,
    formatAmount, generalText,
  };
})();
