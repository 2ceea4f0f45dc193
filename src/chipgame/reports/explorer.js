// chipgame explorer: shows the precomputed grid point the sliders select. No network, no libraries;
// every text is set with textContent, never parsed as HTML.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const inputs = data.sliders.map((slider, k) => document.getElementById("slider-" + k));

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The grid is row-major, first slider slowest.
  function pointIndex(indices) {
    return indices.reduce((index, at, k) => index * data.sliders[k].values.length + at, 0);
  }

  function showValues(indices) {
    indices.forEach((at, k) => {
      const slider = data.sliders[k];
      document.getElementById("value-" + k).textContent = slider.shown[at];
      inputs[k].setAttribute("aria-valuetext", slider.shown[at] + (slider.unit ? " " + slider.unit : ""));
    });
  }

  // A threshold was found with the other sliders at their starting values: name it only there.
  function showThreshold(indices) {
    const hits = [];
    data.sliders.forEach((slider, k) => {
      const othersAtStart = indices.every((at, j) => j === k || at === data.sliders[j].start);
      slider.thresholds.forEach((threshold) => {
        if (othersAtStart && threshold.certified && threshold.index === indices[k]) {
          hits.push(slider.name + " = " + (threshold.exact === null ? slider.shown[threshold.index] : threshold.exact));
        }
      });
    });
    const note = document.getElementById("at-threshold");
    note.hidden = hits.length === 0;
    note.textContent = hits.length === 0 ? "" : "At a threshold (" + hits.join(", ") +
      "): payoffs tie here, and every equilibrium of this break-even game is listed.";
  }

  function showEquilibria(point) {
    document.getElementById("regime").textContent = data.regimes[point.regime];
    const items = point.equilibria.map(([profile, payoffs]) => {
      const item = element("li");
      const paid = data.players.map((player, i) => player + " " + payoffs[i]).join(", ");
      item.append(element("span", "profile", data.profiles[profile].text), element("br"),
        element("span", "payoffs", "payoffs: " + paid));
      return item;
    });
    if (items.length === 0) items.push(element("li", "", "No equilibrium found."));
    document.getElementById("equilibria").replaceChildren(...items);
  }

  function showMatrix(point) {
    if (!point.cells) return;
    point.cells.forEach((row, i) => row.forEach(([first, second, best], j) => {
      const cell = document.getElementById("cell-" + i + "-" + j);
      cell.replaceChildren(
        element("span", best & 1 ? "best" : "", first + (best & 1 ? "*" : "")), ", ",
        element("span", best & 2 ? "best" : "", second + (best & 2 ? "*" : "")));
      cell.classList.toggle("equilibrium", best === 3);
    }));
  }

  function show() {
    const indices = inputs.map((input) => Number(input.value));
    const point = data.points[pointIndex(indices)];
    showValues(indices);
    showThreshold(indices);
    showEquilibria(point);
    showMatrix(point);
  }

  inputs.forEach((input) => input.addEventListener("input", show));
  show();
})();
