// The bulletin's charts (数据质量月度通报): drawn from the data block the page carries
// (#bulletin-data, JSON). A file of its own because the platform's Content-Security-Policy allows
// scripts only from the server, never inline.
(function () {
  const data = JSON.parse(document.getElementById('bulletin-data').textContent);
  const dims = Object.keys(data.scores);
  const scoreChart = echarts.init(document.getElementById('scoreChart'));
  scoreChart.setOption({
    title: { text: '各机构得分', left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { top: 28 },
    grid: { top: 70 },
    xAxis: { type: 'category', data: data.institutions, axisLabel: { interval: 0, rotate: data.institutions.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: dims.map(d => ({ name: d, type: 'bar', data: data.scores[d] }))
  });
  const ruleChart = echarts.init(document.getElementById('ruleChart'));
  ruleChart.setOption({
    title: { text: '违反最多的规则', left: 'center' },
    tooltip: {},
    grid: { left: 120 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: data.rules.slice().reverse() },
    series: [{ type: 'bar', data: data.ruleCounts.slice().reverse(), itemStyle: { color: '#c0392b' } }]
  });
  const trendChart = echarts.init(document.getElementById('trendChart'));
  trendChart.setOption({
    title: { text: '综合得分趋势', left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { top: 28 },
    grid: { top: 70 },
    xAxis: { type: 'category', data: data.months },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: Object.keys(data.trend).map(name => ({ name: name, type: 'line', connectNulls: true, data: data.trend[name] }))
  });
  window.addEventListener('beforeprint', () => [scoreChart, ruleChart, trendChart].forEach(c => c.resize()));
})();
