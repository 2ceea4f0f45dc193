// chipgame explorer: the equilibria of the game at the sliders' values, exactly.
// Two players: every extreme equilibrium, by enumerating the vertices of both best-response
// polytopes in exact rational arithmetic and pairing the completely labelled ones (von Stengel,
// "Computing equilibria for two-person games", Handbook of Game Theory vol. 3, 2002, section 3),
// as chipgame solve does; this holds for degenerate games too, which are detected and said, and
// whose extreme equilibria are grouped into components and maximal convex (Nash) subsets as
// chipgame solve groups them (Avis, Rosenberg, Savani and von Stengel, "Enumeration of Nash
// equilibria for two-player games", Economic Theory 42, 2010, section 4).
// Three or more players: the pure equilibria only. Every equilibrium is verified before it is
// returned: a distribution per player and no profitable pure deviation.
const Equilibria = (function () {
  "use strict";
  const { ZERO, ONE, qadd, qsub, qmul, qdiv, qcmp, toFloat } = Exact;

  const MAX_SYSTEMS = 5000;  // candidate bases per game solved in the page (a 6x6 game has 923)
  const MAX_NASH_SUBSETS = 10000;  // chipgame.solvers.components.MAX_NASH_SUBSETS

  function* combinations(count, size, start = 0, chosen = []) {
    if (chosen.length === size) { yield chosen.slice(); return; }
    for (let k = start; k <= count - (size - chosen.length); k += 1) {
      chosen.push(k);
      yield* combinations(count, size, k + 1, chosen);
      chosen.pop();
    }
  }

  function binomial(n, k) {
    let value = 1;
    for (let j = 1; j <= k; j += 1) value = (value * (n - k + j)) / j;
    return Math.round(value);
  }

  // x with M x = b, by Gauss-Jordan elimination over the rationals; null when M is singular.
  function solveSquare(matrix, rhs) {
    const size = matrix.length;
    const rows = matrix.map((row, k) => [...row, rhs[k]]);
    for (let column = 0; column < size; column += 1) {
      const pivot = rows.findIndex((row, k) => k >= column && row[column].n !== 0n);
      if (pivot < 0) return null;
      [rows[column], rows[pivot]] = [rows[pivot], rows[column]];
      const lead = rows[column][column];
      rows[column] = rows[column].map((v) => qdiv(v, lead));
      rows.forEach((row, k) => {
        if (k === column || row[column].n === 0n) return;
        const factor = row[column];
        rows[k] = row.map((v, j) => qsub(v, qmul(factor, rows[column][j])));
      });
    }
    return rows.map((row) => row[size]);
  }

  const dot = (row, point) => row.reduce((total, v, k) => qadd(total, qmul(v, point[k])), ZERO);

  // Every vertex other than 0 of {z >= 0, C z <= 1} (C positive): its point, zero coordinates
  // and tight rows.
  function polytopeVertices(constraints) {
    const rows = constraints.length, dim = constraints[0].length;
    const found = new Map();
    for (let size = 1; size <= Math.min(rows, dim); size += 1) {
      for (const support of combinations(dim, size)) {
        for (const tight of combinations(rows, size)) {
          const solution = solveSquare(tight.map((r) => support.map((c) => constraints[r][c])),
            tight.map(() => ONE));
          if (solution === null || solution.some((v) => v.n < 0n)) continue;
          const point = new Array(dim).fill(ZERO);
          support.forEach((c, k) => { point[c] = solution[k]; });
          const loads = constraints.map((row) => dot(row, point));
          if (loads.some((load) => qcmp(load, ONE) > 0)) continue;
          const key = point.map(Exact.exactText).join(",");
          if (found.has(key)) continue;
          found.set(key, {
            point,
            zeros: point.flatMap((v, k) => (v.n === 0n ? [k] : [])),
            tight: loads.flatMap((load, k) => (qcmp(load, ONE) === 0 ? [k] : [])),
          });
        }
      }
    }
    return [...found.values()];
  }

  function positive(matrix) {  // shifted so the smallest entry is 1
    const smallest = matrix.flat().reduce((a, b) => (qcmp(a, b) <= 0 ? a : b));
    return matrix.map((row) => row.map((v) => qadd(qsub(v, smallest), ONE)));
  }

  const transpose = (matrix) => matrix[0].map((_, j) => matrix.map((row) => row[j]));

  function normalised(point) {
    const total = point.reduce(qadd, ZERO);
    return point.map((v) => qdiv(v, total));
  }

  // Pure first, then smaller supports, then by probabilities, largest first (Equilibrium.sort_key).
  function compareEquilibria(a, b) {
    const pa = a.profile.flat(), pb = b.profile.flat();
    const sizes = pa.filter((p) => p.n > 0n).length - pb.filter((p) => p.n > 0n).length;
    if (sizes !== 0) return sizes;
    for (let k = 0; k < pa.length; k += 1) {
      const difference = toFloat(pb[k]) - toFloat(pa[k]);
      if (difference !== 0) return difference;
    }
    return 0;
  }

  class Unverified extends Error {}

  // The payoffs of a two-player profile, after checking it is an equilibrium, exactly.
  function verifiedBimatrix(A, B, x, y) {
    for (const mix of [x, y]) {
      if (mix.some((p) => p.n < 0n) || qcmp(mix.reduce(qadd, ZERO), ONE) !== 0) {
        throw new Unverified("internal error: a candidate equilibrium is not a probability distribution; " +
          "run chipgame solve");
      }
    }
    const rowValues = A.map((row) => dot(row, y));
    const columnValues = transpose(B).map((column) => dot(column, x));
    const values = [dot(x, rowValues), dot(y, columnValues)];
    if (rowValues.some((v) => qcmp(v, values[0]) > 0) || columnValues.some((v) => qcmp(v, values[1]) > 0)) {
      throw new Unverified("internal error: a candidate equilibrium has a profitable deviation; run chipgame solve");
    }
    return values;
  }

  // Every extreme equilibrium of the exact bimatrix game (A, B), verified, sorted; whether the
  // game is degenerate; and how the equilibria group into components. null when the game is too
  // large to solve here.
  function bimatrix(A, B) {
    const m = A.length, n = A[0].length;
    if (binomial(m + n, m) > MAX_SYSTEMS) return null;
    const rowVertices = polytopeVertices(transpose(positive(B)));
    const columnVertices = polytopeVertices(positive(A));
    const everything = m + n;
    const equilibria = [];
    for (const x of rowVertices) {
      const xLabels = new Set([...x.zeros, ...x.tight.map((j) => m + j)]);
      for (const y of columnVertices) {
        const labels = new Set([...xLabels, ...y.tight, ...y.zeros.map((j) => m + j)]);
        if (labels.size !== everything) continue;
        const profile = [normalised(x.point), normalised(y.point)];
        equilibria.push({ profile, payoffs: verifiedBimatrix(A, B, ...profile) });
      }
    }
    equilibria.sort(compareEquilibria);
    const degenerate = rowVertices.some((v) => v.zeros.length + v.tight.length > m) ||
      columnVertices.some((v) => v.zeros.length + v.tight.length > n);
    return { equilibria, degenerate, components: components(equilibria) };
  }

  // Lexicographic order of two lists, by compare on their items (Python's order of tuples).
  function lexicographic(a, b, compare) {
    for (let k = 0; k < Math.min(a.length, b.length); k += 1) {
      const order = compare(a[k], b[k]);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }

  const byIndices = (a, b) => lexicographic(a.equilibria, b.equilibria, (i, j) => i - j);
  const ascending = (a, b) => a - b;

  // chipgame.solvers.components.equilibrium_components: the bipartite graph whose nodes are the
  // players' extreme strategies and whose edges are the extreme equilibria (sorted). A component
  // is a connected part of it, a Nash subset a maximal biclique X x Y: any mix of the strategies
  // in X against any mix of those in Y is an equilibrium. Indices are into equilibria; each
  // subset also has its rows and columns (column mixes largest first).
  function components(equilibria) {
    const ids = [new Map(), new Map()], mixes = [[], []];
    const idOf = (player, mix) => {
      const key = mix.map(Exact.exactText).join(",");
      if (!ids[player].has(key)) {
        ids[player].set(key, mixes[player].length);
        mixes[player].push(mix);
      }
      return ids[player].get(key);
    };
    const pairs = equilibria.map((eq) => [idOf(0, eq.profile[0]), idOf(1, eq.profile[1])]);
    const neighbours = new Map();  // row -> its columns, rows in the order they first appear
    pairs.forEach(([x, y]) => {
      if (!neighbours.has(x)) neighbours.set(x, new Set());
      neighbours.get(x).add(y);
    });
    const index = new Map(pairs.map(([x, y], k) => [x + "," + y, k]));
    const edge = (x, y) => index.get(x + "," + y);
    return connectedRowSets(neighbours).map((group) => ({
      equilibria: group.flatMap((x) => [...neighbours.get(x)].map((y) => edge(x, y))).sort(ascending),
      nashSubsets: maximalBicliques(group, neighbours, edge, mixes),
    })).sort(byIndices);
  }

  // The rows of each connected part (rows are linked by a shared column), each in row order.
  function connectedRowSets(neighbours) {
    const parent = new Map(), owner = new Map();
    const root = (x) => (parent.get(x) === x ? x : root(parent.get(x)));
    for (const [x, columns] of neighbours) {
      parent.set(x, x);
      for (const y of columns) {
        if (!owner.has(y)) owner.set(y, x);
        const [a, b] = [root(owner.get(y)), root(x)];
        if (a !== b) parent.set(b, a);
      }
    }
    const groups = new Map();
    for (const x of neighbours.keys()) {
      if (!groups.has(root(x))) groups.set(root(x), []);
      groups.get(root(x)).push(x);
    }
    return [...groups.values()];
  }

  // Every maximal biclique: its column sides are the intersections of row neighbourhoods; null
  // when there are more than MAX_NASH_SUBSETS of them.
  function maximalBicliques(group, neighbours, edge, [rows, columns]) {
    const sides = new Map(group.map((x) => [...neighbours.get(x)].sort(ascending)).map((s) => [s.join(","), s]));
    let fresh = [...sides.values()];
    while (fresh.length > 0) {
      const created = new Map();
      for (const a of fresh) {
        for (const b of sides.values()) {
          const meet = a.filter((y) => b.includes(y));
          if (meet.length > 0 && !sides.has(meet.join(","))) created.set(meet.join(","), meet);
        }
      }
      if (sides.size + created.size > MAX_NASH_SUBSETS) return null;
      created.forEach((side, key) => sides.set(key, side));
      fresh = [...created.values()];
    }
    return [...sides.values()].map((side) => {
      const sideRows = group.filter((x) => side.every((y) => neighbours.get(x).has(y)));
      const sideColumns = side.slice().sort((a, b) => lexicographic(columns[b], columns[a], qcmp));
      return {
        equilibria: sideRows.flatMap((x) => sideColumns.map((y) => edge(x, y))).sort(ascending),
        rows: sideRows.map((x) => rows[x]),
        columns: sideColumns.map((y) => columns[y]),
      };
    }).sort(byIndices);
  }

  function* profiles(shape, prefix = []) {
    if (prefix.length === shape.length) { yield prefix.slice(); return; }
    for (let k = 0; k < shape[prefix.length]; k += 1) yield* profiles(shape, [...prefix, k]);
  }

  // The pure equilibria of a game of any number of players, in profile order; payoff(index)
  // gives each player's payoff (exact or float) at a pure profile.
  function pure(shape, payoff) {
    const found = [];
    for (const index of profiles(shape)) {
      const values = payoff(index);
      const stable = shape.every((size, player) => {
        for (let k = 0; k < size; k += 1) {
          const deviation = index.slice();
          deviation[player] = k;
          if (Exact.compare(payoff(deviation)[player], values[player]) > 0) return false;
        }
        return true;
      });
      if (stable) {
        const profile = shape.map((size, player) =>
          Array.from({ length: size }, (_, k) => (k === index[player] ? ONE : ZERO)));
        found.push({ profile, payoffs: values });
      }
    }
    return found;
  }

  return { bimatrix, components, pure };
})();
