// Draws every element with data-chart from the JSON in the <script type="application/json"> it names
// (rendered by Django's json_script, so no inline script is needed and the CSP stays strict).
// Data: {title, categories: [...], values: [...]}; the page shows the title in HTML, beside the chart.
// Modules reuse this for their dashboards.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  const palette = ["#c62828", "#b26a00", "#1f5fa8", "#4f7fbf", "#90a4ae"];
  document.querySelectorAll("[data-chart]").forEach((el) => {
    const source = document.getElementById(el.dataset.source);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      grid: { left: 28, right: 8, top: 18, bottom: 22 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.categories, axisTick: { show: false }, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef1f4" } } },
      series: [{
        type: el.dataset.chart, data: data.values.map((v, i) => ({ value: v, itemStyle: { color: palette[i % palette.length] } })),
        barMaxWidth: 28, label: { show: true, position: "top", fontSize: 11 },
      }],
    });
    window.addEventListener("resize", () => chart.resize());
  });
});
