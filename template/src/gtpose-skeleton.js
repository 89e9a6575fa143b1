// <gtpose-skeleton>: several named skeletons per image, placed keypoint by keypoint in rig order.
// Plain JavaScript, no framework. Inlined into template/pose-skeleton.liquid.html by template/src/inline.mjs.
// Everything that comes from the task (labels, names, URIs, reasons) is written with textContent or .value, never as
// HTML. The answer goes into hidden inputs the surrounding <crowd-form> submits; `value` returns it as an object.

class GtposeSkeleton extends HTMLElement {
  connectedCallback() {
    if (this._ready) return;
    this._ready = true;
    this._start = performance.now();
    this.classes = parseAttr(this, 'keypoint-classes', []).filter((k) => k && typeof k.label === 'string');
    this.labels = this.classes.map((k) => k.label);
    this.colors = Object.fromEntries(this.classes.map((k) => [k.label, k.color || '#888']));
    this.sides = sidesOf(this.classes);
    this.mirrors = mirrorsOf(this.classes);
    this.edges = parseAttr(this, 'skeleton-rig', []).filter((e) => Array.isArray(e) && e.length >= 2);
    this.box = parseAttr(this, 'bounding-box', null);
    this.audit = parseAttr(this, 'audit', null);
    this.original = this._readInitial(parseAttr(this, 'initial-values', []));
    this.people = this.original.map((p) => this._copyPerson(p));
    this.selected = this.people.length > 0 ? 0 : -1;
    this.selectedPoint = null;
    this.target = null;
    this.noChanges = false;
    this.undoStack = [];
    this.redoStack = [];
    this.view = { scale: 1, tx: 0, ty: 0 };
    this.image = null;
    this.message = '';
    if (this.people.length === 0) this._addPerson(false);
    this._build();
    this._loadImage(this.getAttribute('src') || '');
    this._render();
  }

  /** The answer as crowd-form submits it, with the two skeleton lists as JSON strings. */
  get value() {
    return {
      updated_annotations: JSON.stringify(this._answerList(this.people)),
      original_annotations: JSON.stringify(this._answerList(this.original)),
      no_changes_needed: this.noChanges,
      total_time_in_seconds: Math.round((performance.now() - this._start) / 100) / 10,
      image_width: this.image ? this.image.naturalWidth : 0,
      image_height: this.image ? this.image.naturalHeight : 0,
    };
  }

  /** Page coordinates (CSS pixels) of an image point in the current view, for tests and scripts. */
  toClient(x, y) {
    const r = this.canvas.getBoundingClientRect();
    return { x: r.left + this.view.tx + x * this.view.scale, y: r.top + this.view.ty + y * this.view.scale };
  }

  _readInitial(list) {
    if (!Array.isArray(list)) return [];
    return list.filter((p) => p && Array.isArray(p.annotations)).map((p, i) => {
      const points = {};
      for (const a of p.annotations) {
        if (!a || !this.labels.includes(a.label) || !finite(a.x) || !finite(a.y)) continue;
        points[a.label] = { x: a.x, y: a.y, visible: a.visible !== false };
      }
      const facing = FACINGS.some(([f]) => f === p.facing) ? p.facing : 'unknown';
      return { name: typeof p.name === 'string' && p.name ? p.name : `person_${i + 1}`, facing, points, skipped: [] };
    });
  }

  _copyPerson(p) {
    const points = {};
    for (const [k, v] of Object.entries(p.points)) points[k] = { ...v };
    return { name: p.name, facing: p.facing, points, skipped: [...p.skipped] };
  }

  _answerList(people) {
    return people.filter((p) => Object.keys(p.points).length > 0).map((p) => ({
      name: p.name,
      facing: p.facing,
      annotations: this.labels.filter((l) => p.points[l]).map((l) => ({
        label: l, x: round2(p.points[l].x), y: round2(p.points[l].y), visible: p.points[l].visible,
      })),
    }));
  }

  // ---- editing, every change through _change so that undo, the form fields and the view stay in step ----

  _snapshot() {
    return JSON.stringify({ people: this.people, selected: this.selected, noChanges: this.noChanges });
  }

  _restore(text) {
    const s = JSON.parse(text);
    this.people = s.people;
    this.selected = s.selected;
    this.noChanges = s.noChanges;
    this.selectedPoint = null;
    this.target = null;
  }

  _change(fn, keepNoChanges) {
    const before = this._snapshot();
    fn();
    if (!keepNoChanges) this.noChanges = false;
    if (this._snapshot() === before) return;
    this.undoStack.push(before);
    if (this.undoStack.length > 500) this.undoStack.shift();
    this.redoStack = [];
    this._render();
  }

  undo() {
    if (this.undoStack.length === 0) return;
    this.redoStack.push(this._snapshot());
    this._restore(this.undoStack.pop());
    this.message = '';
    this._render();
  }

  redo() {
    if (this.redoStack.length === 0) return;
    this.undoStack.push(this._snapshot());
    this._restore(this.redoStack.pop());
    this.message = '';
    this._render();
  }

  _person() { return this.people[this.selected] || null; }

  _nextLabel(p) {
    if (!p) return null;
    if (this.target && !p.points[this.target]) return this.target;
    return this.labels.find((l) => !p.points[l] && !p.skipped.includes(l)) || null;
  }

  _addPerson(render = true) {
    const taken = new Set(this.people.map((p) => p.name));
    let n = this.people.length + 1;
    while (taken.has(`person_${n}`)) n++;
    const add = () => {
      this.people.push({ name: `person_${n}`, facing: 'unknown', points: {}, skipped: [] });
      this.selected = this.people.length - 1;
      this.selectedPoint = null;
      this.target = null;
    };
    if (render) this._change(add); else add();
  }

  _deletePerson(index) {
    this._change(() => {
      this.people.splice(index, 1);
      if (this.people.length === 0) this.people.push({ name: 'person_1', facing: 'unknown', points: {}, skipped: [] });
      this.selected = Math.min(this.selected, this.people.length - 1);
      this.selectedPoint = null;
    });
  }

  _place(x, y) {
    const p = this._person();
    const label = this._nextLabel(p);
    if (!label) { this._say('Every keypoint of this person is placed or skipped. Add a person with N.'); return; }
    this._change(() => {
      p.points[label] = { x, y, visible: true };
      p.skipped = p.skipped.filter((l) => l !== label);
      this.selectedPoint = { person: this.selected, label };
      this.target = null;
    });
  }

  _skip() {
    const p = this._person();
    const label = this._nextLabel(p);
    if (!label) return;
    this._change(() => {
      if (!p.skipped.includes(label)) p.skipped.push(label);
      this.target = null;
    });
  }

  _deletePoint() {
    const s = this.selectedPoint;
    if (!s || !this.people[s.person] || !this.people[s.person].points[s.label]) return;
    this._change(() => {
      delete this.people[s.person].points[s.label];
      this.selectedPoint = null;
      this.target = s.label;
    });
  }

  _toggleVisible() {
    const s = this.selectedPoint;
    const point = s && this.people[s.person] && this.people[s.person].points[s.label];
    if (!point) { this._say('Select a placed keypoint first (click it).'); return; }
    this._change(() => { point.visible = !point.visible; });
  }

  _setNoChanges(on) {
    this._change(() => {
      if (on) this.people = this.original.map((p) => this._copyPerson(p));
      this.selected = Math.min(Math.max(this.selected, 0), this.people.length - 1);
      this.noChanges = on;
    }, true);
    this._render();
  }

  _say(text) {
    this.message = text;
    this._renderStatus();
  }

  // ---- view: fitted, zoomed about a point, panned ----

  fit() {
    if (!this.image) return;
    const { width: w, height: h } = this._box();
    const iw = this.image.naturalWidth;
    const ih = this.image.naturalHeight;
    const scale = Math.min(w / iw, h / ih);
    this.view = { scale, tx: (w - iw * scale) / 2, ty: (h - ih * scale) / 2 };
    this._draw();
  }

  zoom(factor, cx, cy) {
    const v = this.view;
    const box = this._box();
    const x = cx === undefined ? box.width / 2 : cx;
    const y = cy === undefined ? box.height / 2 : cy;
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
    const k = scale / v.scale;
    this.view = { scale, tx: x - (x - v.tx) * k, ty: y - (y - v.ty) * k };
    this._draw();
  }

  pan(dx, dy) {
    this.view = { ...this.view, tx: this.view.tx + dx, ty: this.view.ty + dy };
    this._draw();
  }

  _loadImage(src) {
    const img = new Image();
    img.onload = () => {
      this.image = img;
      this._resize();
      this.fit();
      this._render();
    };
    img.onerror = () => this._say('The image could not be loaded: ' + src);
    img.src = src;
  }

  _resize() {
    const dpr = window.devicePixelRatio || 1;
    const { width: w, height: h } = this._box();
    this.canvas.width = Math.max(1, Math.round(w * dpr));
    this.canvas.height = Math.max(1, Math.round(h * dpr));
    this._draw();
  }

  // ---- page: built once, then updated by _render ----

  _build() {
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style);
    this.nextLine = el('div', { className: 'next', id: 'next' });
    this.statusLine = el('div', { className: 'status', id: 'status' });
    this.canvas = el('canvas', { id: 'canvas', tabIndex: 0 });
    this.canvas.setAttribute('aria-label', 'image; click to place the next keypoint');
    const button = (text, id, title, fn) => {
      const b = el('button', { type: 'button', id, title, textContent: text });
      b.addEventListener('click', fn);
      return b;
    };
    const tools = el('div', { className: 'tools' },
      button('−', 'zoom-out', 'zoom out (-)', () => this.zoom(1 / 1.25)),
      button('+', 'zoom-in', 'zoom in (+)', () => this.zoom(1.25)),
      button('Fit', 'fit', 'whole image (0)', () => this.fit()),
      button('Skip', 'skip', 'skip the next keypoint: not visible and not guessable (S)', () => this._skip()),
      button('Occluded', 'toggle-visible', 'mark the selected keypoint occluded or visible (O)',
        () => this._toggleVisible()),
      button('Delete point', 'delete-point', 'delete the selected keypoint (Delete)', () => this._deletePoint()),
      button('Flip L ⇄ R', 'flip', 'exchange left and right of the selected person (F)', () => this.flipPerson()),
      button('Undo', 'undo', 'undo (Ctrl+Z)', () => this.undo()),
      button('Redo', 'redo', 'redo (Ctrl+Y)', () => this.redo()));
    this.stage = el('div', { className: 'stage' }, this.canvas);
    const main = el('div', { className: 'main' }, this.nextLine, tools, this.stage, this.statusLine);

    this.auditBox = el('section', { className: 'audit', id: 'audit' });
    this.peopleList = el('ol', { className: 'people', id: 'people' });
    this.pointList = el('ol', { className: 'points', id: 'points' });
    this.noChangesBox = el('input', { type: 'checkbox', id: 'no-changes' });
    this.noChangesBox.addEventListener('change', () => this._setNoChanges(this.noChangesBox.checked));
    this.noChangesRow = el('label', { className: 'no-changes' }, this.noChangesBox,
      ' No changes needed: the points shown are right');
    const side = el('aside', { className: 'side' },
      this.auditBox,
      el('h3', { textContent: 'People' }), this.peopleList,
      button('Add person', 'add-person', 'add a person (N)', () => this._addPerson()),
      this.noChangesRow,
      el('h3', { textContent: 'Keypoints of the selected person' }), this.pointList,
      this._instructions());
    root.append(el('div', { className: 'layout' }, main, side));

    this._fields = {};
    for (const name of ['updated_annotations', 'original_annotations', 'no_changes_needed', 'total_time_in_seconds',
      'image_width', 'image_height']) {
      const input = el('input', { type: 'hidden', name });
      this._fields[name] = input;
      this.append(input);
    }
    this._bindPointer();
    this._bindKeys();
    new ResizeObserver(() => {
      const fitted = this._fitted();
      this._resize();
      if (fitted) this.fit();
    }).observe(this.stage);
    const form = this.closest('crowd-form');
    if (form) form.addEventListener('submit', () => this._writeFields(), true);
  }

  /** The canvas's CSS size, fractions kept (a flex layout gives it fractional pixels; clientWidth rounds them). */
  _box() {
    const r = this.canvas.getBoundingClientRect();
    return { width: r.width, height: r.height };
  }

  _fitted() {
    if (!this.image) return false;
    const { width: w, height: h } = this._box();
    const scale = Math.min(w / this.image.naturalWidth, h / this.image.naturalHeight);
    return Math.abs(scale - this.view.scale) < 1e-9 || this.canvas.width <= 1;
  }

  // ---- rendering: side panel, fields, canvas ----

  _render() {
    this._renderPeople();
    this._renderPoints();
    this._renderAudit();
    this.noChangesRow.hidden = this.original.length === 0;
    this.noChangesBox.checked = this.noChanges;
    this._renderStatus();
    this._writeFields();
    this._draw();
  }

  _writeFields() {
    const v = this.value;
    for (const [name, input] of Object.entries(this._fields)) input.value = String(v[name]);
  }

  _draw() {
    if (!this.canvas) return;
    drawScene(this);
  }
}

Object.assign(GtposeSkeleton.prototype, PanelMethods, InputMethods, PersonMethods);
customElements.define('gtpose-skeleton', GtposeSkeleton);
