// Draws every element with data-chart from the JSON in the <script type="application/json"> it names
// (rendered by Django's json_script, so no inline script is needed and the CSP stays strict).
// Data: {title, categories: [...], values: [...]}; the page shows the title in HTML, beside the chart.
// data-chart="bar" draws one coloured bar per value; data-chart="line" is described at lineOption below.
// Modules reuse this for their dashboards. No animation: a chart read all day (and its screenshot) shows its
// figures at once, not bars still growing from zero.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  const palette = ["#c62828", "#b26a00", "#1f5fa8", "#4f7fbf", "#90a4ae"];
  // data-chart="line" draws one line per entry of data.series ([{name, values}], a legend names them), or
  // data.values as a single line; data.unit ("%" or "") is shown on the axis and in the tooltip.
  // Every category label is shown (interval 0), turned when there are many, so no month or street is
  // silently skipped.
  const categoryLabels = (data) => ({ fontSize: 11, interval: 0, rotate: data.categories.length > 6 ? 35 : 0 });
  // data.partial (an index, the month still running) is drawn dashed from the month before: a partial
  // month is not a fall.
  const withPartial = (series, partial) => {
    if (partial === undefined || partial === null || partial < 1) {
      return series.map((s) => ({ name: s.name, type: "line", data: s.values, symbol: "circle", symbolSize: 5 }));
    }
    return series.flatMap((s, i) => [
      { name: s.name, type: "line", data: s.values.map((v, j) => (j < partial ? v : null)), symbol: "circle", symbolSize: 5, z: 3 },
      {
        name: s.name, type: "line", data: s.values.map((v, j) => (j >= partial - 1 ? v : null)), symbol: "emptyCircle",
        symbolSize: 6, lineStyle: { type: "dashed" }, z: 2, color: lineColours[i % lineColours.length],
      },
    ]);
  };
  const lineColours = ["#1f5fa8", "#2f7d32", "#b26a00", "#c62828"];
  const lineOption = (data) => {
    const unit = data.unit || "";
    const series = data.series || [{ name: data.title, values: data.values }];
    return {
      animation: false,
      color: lineColours,
      grid: { left: 8, right: 24, top: 32, bottom: 4, containLabel: true },
      legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : v + unit) },
      xAxis: { type: "category", data: data.categories, boundaryGap: false, axisTick: { show: false }, axisLabel: categoryLabels(data) },
      yAxis: {
        type: "value", minInterval: 1, min: unit === "%" ? 0 : null, max: unit === "%" ? 100 : null,
        axisLabel: { fontSize: 11, formatter: "{value}" + unit }, splitLine: { lineStyle: { color: "#eef1f4" } },
      },
      series: withPartial(series, data.partial),
    };
  };
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const source = document.getElementById(el.dataset.source);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    if (el.dataset.chart === "line") {
      chart.setOption(lineOption(data));
      window.addEventListener("resize", () => chart.resize());
      return;
    }
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 18, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.categories, axisTick: { show: false }, axisLabel: categoryLabels(data) },
      yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef1f4" } } },
      series: [{
        type: el.dataset.chart, data: data.values.map((v, i) => ({ value: v, itemStyle: { color: palette[i % palette.length] } })),
        barMaxWidth: 28, label: { show: true, position: "top", fontSize: 11 },
      }],
    });
    window.addEventListener("resize", () => chart.resize());
  });
});
