// Exports of the webview's modules (webview/) that handle no host message and no list of what one holds, each with
// why (../notReaders.ts): chart.js set-up, the theme's colours, words or sizes from a number or two, and the DOM
// shells (canvas, chart.js, elements) over the registered DOM-free modules that read the host's lists
// (../readers/webview*.ts): a shell loops over no more than the pixels, buckets or rows in sight those hand it.
const CHART_SETUP = 'chart.js options or theme colours for a chart: our own constants and the palette, no host data';

export const webviewNotReaders: Record<string, string> = {
  'webview/laneText.ts#labelLines': 'one lane’s title (cut by the host) and at most one sentence: constant work',
  'webview/chartKit.ts#maxBuckets': 'a bucket count from the page’s width: no host data',
  'webview/chartKit.ts#makeChart': 'puts a canvas for a chart on the page under a title we name: no host data',
  'webview/chartKit.ts#showWords':
    'writes words its caller made as textContent (no parsing, no markup) and flips two hidden flags: one DOM write',
  'webview/chartKit.ts#describeDrawn':
    'writes one point’s values (JSON of one small object) and a count on the figure for tests: constant work per draw',
  'webview/chartKit.ts#baseOptions': CHART_SETUP,
  'webview/chartKit.ts#percentTicks': CHART_SETUP,
  'webview/chartKit.ts#stepAxis': CHART_SETUP,
  'webview/chartKit.ts#applyTextColor': CHART_SETUP,
  'webview/chartKit.ts#applyDefaults': CHART_SETUP,
  'webview/chartShape.ts#barSpan': 'where one bar is drawn, from two pixel positions: arithmetic, constant work',
  'webview/chartShape.ts#sharesInWords':
    'a sentence from whether a summary has sub-agents (a length) and its own cost (a number): constant work',
  'webview/chartShape.ts#trendInWords': 'a sentence from whether a summary has days (a length) and a pending count: constant work',
  'webview/decimate.ts#bucketSize': 'a power of two from two counts (log n doublings): no host data',
  'webview/laneCanvas.ts#markColor': 'the palette’s colour for one of our own mark kinds (a switch): constant work',
  'webview/laneColors.ts#LaneColors':
    'a colour per key by one Map and one Set lookup, called once per bar drawn; its legend is at most LEGEND_KEYS + 1 entries',
  'webview/tableCells.ts#percentOrDash': 'formats one fraction (formatPercent) or a dash: constant work',
  'webview/toolkit.ts#registerToolkit': 'registers the toolkit’s custom elements once: no host data',
  'webview/toolkit.ts#button': 'one button with a label and handler of ours: no host data',
  'webview/toolkit.ts#tabs': 'tabs for our own fixed labels: no host data',
  'webview/toolkit.ts#spinner': 'one progress ring: no host data',
  'webview/columns.ts#columnTemplate':
    'a CSS value from a table’s own columns (a fixed count of ours, each width a number leastCh made): constant work per table',
  'webview/columns.ts#leastWidth': 'sums a table’s own columns (a fixed count of ours): constant work per table',
  'webview/columns.ts#columnsToHide':
    'which of a table’s own columns to hide for a width, in our drop order (a fixed count of ours): constant work per table',
  'webview/columns.ts#hiddenFigures':
    'one row’s tooltip: our fixed headers beside that row’s cells (figures the page formatted), one line per hidden column of ours',
  'webview/columns.ts#headerText': 'one of a header’s two texts (ours) by a width: constant work',
  'webview/header.ts#Header':
    'sets one report’s summary (title, server, figures, pace, the trend’s counts) as textContent: constant work per report',
  'webview/panelParts.ts#PanelParts':
    'schedules the panel’s fixed parts (about ten) per report or update, each handed the rows UsageState holds: no host data read itself',
  'webview/laneCanvas.ts#LaneCanvas':
    'the lanes’ canvas, size, pointer and label cache: paints the lanes in sight (the window’s height / 22 px) and the links through lanePaint.ts, writes describeLanes and hovers by hoverAt (registered)',
  'webview/moneyChart.ts#MoneyChart':
    'paints costOverTime’s answer (registered): at most 12 series of 240 points and budgetLines’ four lines, whatever the lanes',
  'webview/stepBars.ts#StepBarsController':
    'places and fills StepStacks’ bars (registered): at most maxBuckets() (one per two pixels) per kind, whatever the steps',
  'webview/stepsChart.ts#StepsChart':
    'hands the rows to StepStacks (registered) and sets the axis’ two ends from two rows: constant work per render besides it',
  'webview/summaryCharts.ts#ModelsChart':
    'draws modelsData’s labels and values (registered): at most MAX_MODEL_SLICES + 1 slices, whatever the models',
  'webview/summaryCharts.ts#SharesChart':
    'draws sharesData’s labels and values (registered): at most MAX_CHILD_ROWS + 2 bars, whatever the sub-agents',
  'webview/summaryCharts.ts#TrendChart':
    'draws trendData’s labels and values (registered): at most MAX_TREND_DAYS days, whatever the server’s dates',
  'webview/tables.ts#TotalsTable':
    'writes totalsRows’ rows and least widths (registered) into the grid: at most MAX_CHILD_ROWS + 3 rows, whatever the sub-agents',
  'webview/tables.ts#StepsTable':
    'hands new rows to WidestStep (registered) and the virtual grid one stepCells row per row in sight: constant work per row drawn',
  'webview/toolkit.ts#grid':
    'writes the rows its one caller made (TotalsTable: totalsRows’, at most MAX_CHILD_ROWS + 3), keyed so a kept row keeps its element',
  'webview/virtualGrid.ts#VirtualGrid':
    'builds only the rows in sight (its height / 28 px and 2 × 6 more), each asked of its source by index: constant work per frame, whatever the count',
  'webview/timelineChart.ts#CostTimeline':
    'follows MinMaxBuckets’ line (registered) by syncTail: at most 4 × maxBuckets() points, whatever the steps',
  'webview/timelineChart.ts#ContextTimeline':
    'follows MinMaxBuckets’ line and compactionPoints’ marks (registered): at most maxBuckets() marks, and two lines of two points',
  'webview/timelineTab.ts#TimelineTab':
    'writes timelineWords’ few lines, a legend of at most LEGEND_KEYS + 1 keys and criticalPathTitles (registered); draws the money chart and the lanes',
};
