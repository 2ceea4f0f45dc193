// chipgame explorer: evaluates the compiled payoff formulas at the sliders' values and solves the
// game there (Exact, Equilibria, payoffFormulas come before this script). No network, no
// libraries; every text is set with textContent, never parsed as HTML.
(function () {
  "use strict";
  const { R, parse, toFloat, exact, exactText, formatNumber, formatAmount, generalText, compare } = Exact;
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const read = (value) => (typeof value === "number" ? value : parse(value));
  const base = data.parameters.map((parameter) => read(parameter.value));
  const stops = data.sliders.map((slider) => slider.values.map(read));
  const inputs = data.sliders.map((slider, k) => document.getElementById("slider-" + k));
  const players = data.players, strategies = data.strategies, shape = strategies.map((s) => s.length);
  const COLOURS = ["#8ecae6", "#ffb703", "#b5e48c", "#f4a3a8", "#cdb4db", "#f6bd60", "#90be6d", "#a8dadc",
    "#e9c46a", "#bde0fe", "#ffafcc", "#d4a373"];

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A value as a person reads it: 8/15 (≈ 0.5333)
  function shown(value) {
    const text = formatNumber(value);
    return text.includes("/") ? text + " (≈ " + generalText(toFloat(value), 4) + ")" : text;
  }

  function current() {
    const values = base.slice();
    const at = inputs.map((input) => Number(input.value));
    data.sliders.forEach((slider, k) => { values[slider.parameter] = stops[k][at[k]]; });
    return { values, at };
  }

  // Every payoff, profile by profile (first player slowest), player by player.
  function evaluate(values) {
    const formulas = payoffFormulas(R, values);
    const table = [];
    let k = 0;
    for (const index of profileIndices()) {
      table.push(players.map((player, i) => {
        try {
          return formulas[k * players.length + i]();
        } catch (error) {
          const labels = index.map((at, j) => strategies[j][at]).join(", ");
          throw new Error("the payoff of " + player + " at \u201c" + labels + "\u201d cannot be evaluated here: " +
            error.message);
        }
      }));
      k += 1;
    }
    return table;
  }

  function profileIndices() {
    const all = [[]];
    shape.forEach((size) => {
      const longer = [];
      all.forEach((prefix) => { for (let k = 0; k < size; k += 1) longer.push([...prefix, k]); });
      all.splice(0, all.length, ...longer);
    });
    return all;
  }

  const flat = (index) => index.reduce((k, at, j) => k * shape[j] + at, 0);

  function solveHere(table) {
    const inexact = table.some((row) => row.some((v) => typeof v === "number"));
    if (players.length === 2) {
      const matrix = (player) => Array.from({ length: shape[0] }, (_, i) =>
        Array.from({ length: shape[1] }, (_, j) => exact(table[i * shape[1] + j][player])));
      const solved = Equilibria.bimatrix(matrix(0), matrix(1));
      if (solved === null) return { inexact, equilibria: [], tooLarge: true };
      // as chipgame solve: no components for a game that is not exact
      return { inexact, equilibria: solved.equilibria, degenerate: solved.degenerate,
        components: inexact ? null : solved.components };
    }
    return { inexact, pureOnly: true, equilibria: Equilibria.pure(shape, (index) => table[flat(index)]) };
  }

  // chipgame.reports.mix_words.describe_mix
  function describeMix(labels, mix, inexact) {
    const played = labels.flatMap((label, k) => (mix[k].n > 0n ? [[label, mix[k]]] : []));
    if (played.length === 1 && played[0][1].n === played[0][1].d) return played[0][0];
    return played.map(([label, p]) => label + " " + formatNumber(inexact ? toFloat(p) : p)).join(" · ");
  }

  const supportOf = (eq) => eq.profile.map((mix, i) => strategies[i].filter((_, k) => mix[k].n > 0n));

  function compareSupports(a, b) {
    for (let i = 0; i < a.length; i += 1) {
      for (let k = 0; k < Math.min(a[i].length, b[i].length); k += 1) {
        if (a[i][k] !== b[i][k]) return a[i][k] < b[i][k] ? -1 : 1;
      }
      if (a[i].length !== b[i].length) return a[i].length - b[i].length;
    }
    return 0;
  }

  // chipgame.sensitivity.describe_structure
  function describeStructure(equilibria) {
    if (equilibria.length === 0) return "no equilibrium";
    return equilibria.map(supportOf).sort(compareSupports)
      .map((supports) => supports.map((support, i) => players[i] + ": " + support.join("+")).join(" | "))
      .join(" ; ");
  }

  function showValues(at) {
    at.forEach((index, k) => {
      const slider = data.sliders[k], text = shown(stops[k][index]);
      document.getElementById("value-" + k).textContent = text;
      inputs[k].setAttribute("aria-valuetext", text + (slider.unit ? " " + slider.unit : ""));
    });
  }

  // A threshold was found with the other sliders at their starting values: name it only there.
  function showThreshold(at) {
    const hits = [];
    data.sliders.forEach((slider, k) => {
      const othersAtStart = at.every((index, j) => j === k || index === data.sliders[j].start);
      slider.thresholds.forEach((threshold) => {
        if (othersAtStart && threshold.certified && threshold.index === at[k]) {
          hits.push(slider.name + " = " + (threshold.exact === null ? shown(stops[k][at[k]]) : threshold.exact));
        }
      });
    });
    const note = document.getElementById("at-threshold");
    note.hidden = hits.length === 0;
    note.textContent = hits.length === 0 ? "" : "At a threshold (" + hits.join(", ") +
      "): payoffs tie here, and every equilibrium of this break-even game is listed.";
  }

  function showEquilibria(solution) {
    const amount = (v) => formatAmount(solution.inexact ? toFloat(v) : v);
    const items = solution.equilibria.map((eq) => {
      const item = element("li");
      const words = players.map((player, i) =>
        player + ": " + describeMix(strategies[i], eq.profile[i], solution.inexact));
      const paid = players.map((player, i) => player + " " + amount(eq.payoffs[i])).join(", ");
      item.append(element("span", "profile", words.join(" | ")), element("br"),
        element("span", "payoffs", "payoffs: " + paid));
      item.dataset.exact = JSON.stringify(eq.profile.map((mix) => mix.map(exactText)));
      item.dataset.payoffs = JSON.stringify(eq.payoffs.map((v) => (typeof v === "number" ? v : exactText(v))));
      return item;
    });
    if (items.length === 0) {
      items.push(element("li", "", solution.pureOnly ? "No pure equilibrium here." : "No equilibrium found."));
    }
    document.getElementById("equilibria").replaceChildren(...items);
    const label = describeStructure(solution.equilibria);
    document.getElementById("regime").textContent = solution.pureOnly ? label + " (pure equilibria only)" : label;
  }

  // "1", "1 and 2", "1, 2 and 3"
  function joined(items) {
    return items.length < 2 ? items.join("") : items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  const numbers = (indices) => joined(indices.map((k) => String(k + 1)));

  // What a player may play across a Nash subset: one strategy, or any mix of its extreme ones.
  function playsAcross(i, mixes, inexact) {
    const words = mixes.map((mix) => describeMix(strategies[i], mix, inexact));
    if (words.length === 1) return players[i] + " plays " + words[0];
    return players[i] + " plays any mix of " + joined(words.map((w) => (w.includes(" · ") ? "(" + w + ")" : w)));
  }

  function subsetText(subset, inexact) {
    const corners = subset.equilibria;
    const plays = playsAcross(0, subset.rows, inexact) + " while " + playsAcross(1, subset.columns, inexact) + ".";
    return corners.length === 2 ? "Between equilibria " + numbers(corners) + " lies a whole segment of equilibria: " +
      plays : "Equilibria " + numbers(corners) + " are the corners of a whole region of equilibria: " + plays;
  }

  // The components of a degenerate game in words; every component's indices in data-components,
  // as chipgame solve --format json gives them.
  function showComponents(solution) {
    const list = document.getElementById("components");
    const found = solution.components || null;
    list.dataset.components = JSON.stringify(found && found.map((c) => ({
      equilibria: c.equilibria,
      nash_subsets: c.nashSubsets && c.nashSubsets.map((subset) => subset.equilibria),
    })));
    const joinedUp = found !== null && found.some((c) => c.equilibria.length > 1);
    list.hidden = !joinedUp;
    list.replaceChildren(...(joinedUp ? found.map((component) => {
      const item = element("li");
      const members = component.equilibria, subsets = component.nashSubsets;
      if (members.length === 1) {
        item.textContent = "Equilibrium " + numbers(members) + " stands on its own.";
      } else if (subsets === null) {
        item.textContent = "Equilibria " + numbers(members) + " form one connected set of equilibria, made " +
          "of more pieces than can be listed.";
      } else if (subsets.length === 1) {
        item.textContent = subsetText(subsets[0], solution.inexact);
      } else {
        const pieces = element("ul");
        pieces.replaceChildren(...subsets.map((subset) => element("li", "", subsetText(subset, solution.inexact))));
        item.append("Equilibria " + numbers(members) + " form one connected set of equilibria, made of these " +
          "pieces:", pieces);
      }
      return item;
    }) : []));
    return joinedUp;
  }

  function showNotes(solution, command, joinedUp) {
    const notes = [];
    if (solution.tooLarge) notes.push("This game is too large to solve in the page: run " + command + ".");
    if (solution.pureOnly) {
      notes.push("With " + players.length + " players the page finds the pure equilibria only; mixed ones " +
        "need " + command + ".");
    }
    if (solution.degenerate) {
      notes.push(joinedUp ? "Degenerate here: payoffs tie, so the equilibria listed are corners of whole sets " +
        "of equilibria, said just under them." : "Degenerate here: payoffs tie, but every equilibrium listed " +
        "stands on its own.");
    }
    if (solution.inexact) {
      notes.push("Some payoffs are not rational here (a root, exp or log): they are rounded, marked ~, and " +
        "the equilibria are those of the rounded game.");
    }
    const node = document.getElementById("notes");
    node.textContent = notes.join(" ");
    node.hidden = notes.length === 0;
  }

  function showMatrix(table) {
    if (players.length !== 2) return;
    const value = (i, j, player) => table[i * shape[1] + j][player];
    for (let i = 0; i < shape[0]; i += 1) {
      for (let j = 0; j < shape[1]; j += 1) {
        const rowBest = [...Array(shape[0]).keys()].every((k) => compare(value(k, j, 0), value(i, j, 0)) <= 0);
        const columnBest = [...Array(shape[1]).keys()].every((k) => compare(value(i, k, 1), value(i, j, 1)) <= 0);
        const cell = document.getElementById("cell-" + i + "-" + j);
        cell.replaceChildren(
          element("span", rowBest ? "best" : "", formatAmount(value(i, j, 0)) + (rowBest ? "*" : "")), ", ",
          element("span", columnBest ? "best" : "", formatAmount(value(i, j, 1)) + (columnBest ? "*" : "")));
        cell.classList.toggle("equilibrium", rowBest && columnBest);
      }
    }
  }

  function clearMatrix() {
    document.querySelectorAll("#matrix td").forEach((cell) => {
      cell.replaceChildren();
      cell.classList.remove("equilibrium");
    });
  }

  // chipgame solve at these values: the scenario as chipgame explore was given it, and --set for
  // every parameter whose value here is not the scenario's own (the sliders' first, then any other
  // that --set changed when the page was made; exact: a short decimal, else p/q)
  function commandLine(at) {
    const values = data.parameters.map((parameter) => read(parameter.value));
    data.sliders.forEach((slider, k) => { values[slider.parameter] = stops[k][at[k]]; });
    const sliderParameters = data.sliders.map((slider) => slider.parameter);
    const order = [...sliderParameters, ...data.parameters.keys()].filter((i, n, all) => all.indexOf(i) === n);
    const sets = order.flatMap((i) => {
      const value = values[i];
      if (compare(value, read(data.parameters[i].declared)) === 0) return [];
      return ["--set " + data.parameters[i].name + "=" + (typeof value === "number" ? String(value) : formatNumber(value))];
    });
    return ["chipgame solve " + (data.scenario === null ? "SCENARIO" : shellWord(data.scenario)), ...sets].join(" ");
  }

  // A word as a POSIX shell reads it back: as it is when plain, else in single quotes
  function shellWord(text) {
    return /^[A-Za-z0-9_.\/:=+-]+$/.test(text) ? text : "'" + text.replaceAll("'", "'\\''") + "'";
  }

  // ---- the regime map, solved in advance, with a marker at the sliders' values
  const map = data.map;
  const mapAxes = map.axes.map((axis) => axis.map((v) => toFloat(read(v))));
  const mapSliders = map.names.map((name) => data.sliders.findIndex((slider) => slider.name === name));

  function nearest(values, value) {
    let best = 0;
    values.forEach((v, k) => { if (Math.abs(v - value) < Math.abs(values[best] - value)) best = k; });
    return best;
  }

  function edges(values) {  // each grid value's cell, between midpoints
    return values.map((v, k) => [k === 0 ? v : (values[k - 1] + v) / 2,
      k === values.length - 1 ? v : (v + values[k + 1]) / 2]);
  }

  function drawMap(at) {
    const canvas = document.getElementById("map");
    const context = canvas.getContext("2d");
    const [xs, ys] = [mapAxes[0], mapAxes[1] || [0]];
    const strides = mapAxes.map((_, k) => mapAxes.slice(k + 1).reduce((n, axis) => n * axis.length, 1));
    const rest = mapAxes.slice(2).reduce((offset, axis, k) =>
      offset + nearest(axis, toFloat(stops[mapSliders[k + 2]][at[mapSliders[k + 2]]])) * strides[k + 2], 0);
    const [xLow, xHigh] = [xs[0], xs[xs.length - 1]], [yLow, yHigh] = [ys[0], ys[ys.length - 1]];
    const scaleX = (v) => (xHigh === xLow ? 0 : (v - xLow) / (xHigh - xLow)) * canvas.width;
    const scaleY = (v) => (yHigh === yLow ? 1 : 1 - (v - yLow) / (yHigh - yLow)) * canvas.height;
    const xEdges = edges(xs), yEdges = edges(ys);
    context.clearRect(0, 0, canvas.width, canvas.height);
    xEdges.forEach(([left, right], i) => yEdges.forEach(([bottom, top], j) => {
      const regime = map.points[i * strides[0] + (mapAxes.length > 1 ? j * strides[1] : 0) + rest];
      context.fillStyle = COLOURS[regime % COLOURS.length];
      const x0 = Math.floor(scaleX(left)), x1 = xEdges.length === 1 ? canvas.width : Math.ceil(scaleX(right));
      const y0 = mapAxes.length > 1 ? Math.floor(scaleY(top)) : 0;
      const y1 = mapAxes.length > 1 ? Math.ceil(scaleY(bottom)) : canvas.height;
      context.fillRect(x0, y0, Math.max(x1 - x0, 1), Math.max(y1 - y0, 1));
    }));
  }

  function showMap(at) {
    drawMap(at);
    const marker = document.getElementById("map-marker");
    const fraction = (k) => {
      const axis = mapAxes[k], value = toFloat(stops[mapSliders[k]][at[mapSliders[k]]]);
      const [low, high] = [axis[0], axis[axis.length - 1]];
      return high === low ? 0.5 : (value - low) / (high - low);
    };
    const x = fraction(0), y = mapAxes.length > 1 ? fraction(1) : 0.5;
    marker.hidden = x < 0 || x > 1 || y < 0 || y > 1;
    marker.style.left = (100 * x).toFixed(3) + "%";
    marker.style.top = (100 * (1 - y)).toFixed(3) + "%";
    const moved = data.sliders.filter((slider, k) => !mapSliders.includes(k) && at[k] !== slider.start)
      .map((slider) => slider.name);
    const note = document.getElementById("map-moved");
    note.hidden = moved.length === 0;
    note.textContent = moved.length === 0 ? "" : "The map holds the other parameters at their starting values; " +
      "you have moved " + moved.join(", ") + ", so the equilibria above may differ from the map's at the marker.";
  }

  function showLegend() {
    const items = map.regimes.map((label, k) => {
      const item = element("li");
      const swatch = element("span", "swatch");
      swatch.style.background = COLOURS[k % COLOURS.length];
      item.append(swatch, element("span", "", label));
      return item;
    });
    document.getElementById("map-legend").replaceChildren(...items);
  }

  function show() {
    const { values, at } = current();
    showValues(at);
    showThreshold(at);
    showMap(at);
    const command = commandLine(at);
    document.getElementById("command").textContent = command;
    let table, solution;
    try {
      table = evaluate(values);
      solution = solveHere(table);
    } catch (error) {
      document.getElementById("regime").textContent = "not computed here";
      document.getElementById("equilibria").replaceChildren(element("li", "", error.message));
      showComponents({ components: null });
      const notes = document.getElementById("notes");
      notes.textContent = "Move the slider back, or run " + command + ".";
      notes.hidden = false;
      clearMatrix();
      return;
    }
    showEquilibria(solution);
    showNotes(solution, command, showComponents(solution));
    showMatrix(table);
  }

  showLegend();
  inputs.forEach((input) => input.addEventListener("input", show));
  show();
})();
