// The Timeline tab: what the tree's time says in words, the money over time, and the lanes (laneCanvas.ts), with
// a toggle to colour the steps by model or by agent, its legend, and the range chosen by dragging on the lanes
// (which narrows the Steps and Table tabs). It draws when shown, and at each live change while shown.
import type { HostToWebview } from '../src/features/usage/protocol';
import { timelineWords } from '../src/present/timelineWords';
import { LaneCanvas, type ColorBy } from './laneCanvas';
import { criticalPathTitles } from './laneMarks';
import { MoneyChart } from './moneyChart';
import type { Palette } from './theme';
import { TimelineState } from './timelineState';
import { button } from './toolkit';
import type { TimeRange } from './usageState';

export class TimelineTab {
  private readonly state = new TimelineState();
  private readonly words = document.createElement('ul');
  private readonly legend = document.createElement('div');
  private readonly money: MoneyChart;
  private readonly lanes: LaneCanvas;
  private readonly follow = button('Follow the present', () => this.followPresent(), { secondary: true, id: 'timeline-follow' });
  private readonly clear = button('Clear range', () => this.setRange(undefined), { secondary: true, id: 'timeline-clear' });
  private readonly byModel = button('Colour by model', () => this.colorBy('model'), { id: 'timeline-by-model' });
  private readonly byAgent = button('Colour by agent', () => this.colorBy('agent'), { secondary: true, id: 'timeline-by-agent' });
  private pending = false;
  /** The session whose tree is shown (its colours are kept while it is). */
  private rootId = '';
  private shownWords = '';
  private shownLegend = '';

  constructor(
    private readonly view: HTMLElement,
    private readonly visible: () => boolean,
    private readonly onRange: (range: TimeRange | undefined) => void,
  ) {
    this.words.className = 'timeline-words';
    this.legend.className = 'timeline-legend';
    const controls = document.createElement('div');
    controls.className = 'timeline-controls';
    controls.append(this.byModel, this.byAgent, this.follow, this.clear);
    this.clear.hidden = true;
    this.money = new MoneyChart(view, this.state, () => this.lanes.plotWidth());
    this.lanes = new LaneCanvas(
      this.state,
      (range) => this.setRange(range),
      () => this.draw(),
    );
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = 'Sessions over time';
    figure.append(caption, this.legend, this.lanes.element);
    view.prepend(this.words, controls);
    view.append(figure);
  }

  apply(message: Extract<HostToWebview, { type: 'timeline' }>): void {
    if (message.rootId !== this.rootId) this.lanes.resetColors();
    this.rootId = message.rootId;
    this.state.apply(message);
    if (this.visible()) this.draw();
    else this.pending = true;
  }

  shown(): void {
    if (this.pending) this.draw();
  }

  recolor(p: Palette): void {
    this.lanes.setPalette(p);
    this.money.recolor(p);
    this.draw();
  }

  private draw(): void {
    this.pending = false;
    const timeline = this.state.timeline;
    if (!timeline) return;
    // Only what changed is written: a live step mostly moves no word, and the page is laid out again only then.
    const words = timelineWords(timeline.figures);
    if (words.join('\n') !== this.shownWords) {
      this.shownWords = words.join('\n');
      // Line by line: a live step mostly changes the times in the first, and the other lines keep their nodes.
      const items = this.words.children;
      words.forEach((text, i) => {
        const item = items[i] ?? this.words.appendChild(document.createElement('li'));
        if (item.textContent !== text) item.textContent = text;
      });
      while (items.length > words.length) items[items.length - 1].remove();
    }
    this.money.draw();
    this.lanes.draw();
    const legend = this.lanes.legend();
    if (JSON.stringify(legend) !== this.shownLegend) {
      this.shownLegend = JSON.stringify(legend);
      this.legend.replaceChildren(
        ...legend.map(([key, color]) => {
          const item = document.createElement('span');
          const swatch = document.createElement('span');
          swatch.className = 'swatch';
          swatch.style.background = color;
          item.append(swatch, document.createTextNode(key));
          return item;
        }),
      );
    }
    if (this.follow.hidden !== this.state.follow) this.follow.hidden = this.state.follow;
    this.view.dataset.criticalPath = criticalPathTitles(timeline);
    performance.mark('ocs:timeline-drawn');
  }

  private colorBy(by: ColorBy): void {
    this.lanes.setColorBy(by);
    this.byModel.setAttribute('appearance', by === 'model' ? 'primary' : 'secondary');
    this.byAgent.setAttribute('appearance', by === 'agent' ? 'primary' : 'secondary');
    this.view.dataset.colorBy = by;
    this.draw();
  }

  private followPresent(): void {
    this.state.followPresent();
    this.draw();
  }

  private setRange(range: TimeRange | undefined): void {
    this.lanes.setSelection(range);
    this.clear.hidden = !range;
    this.view.dataset.range = range ? JSON.stringify(range) : '';
    this.onRange(range);
    this.lanes.draw();
  }
}
