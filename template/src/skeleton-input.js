// Pointer and keyboard input of <gtpose-skeleton>: click to place, drag to move a point, Alt+drag or a name tag's
// drag to move a person, modifier-drag, wheel and keys to pan and zoom, shortcuts. Mixed into the element's prototype.

const InputMethods = {
  _toImage(clientX, clientY) {
    const r = this.canvas.getBoundingClientRect();
    const v = this.view;
    return { x: (clientX - r.left - v.tx) / v.scale, y: (clientY - r.top - v.ty) / v.scale };
  },

  _hit(clientX, clientY) {
    const r = this.canvas.getBoundingClientRect();
    let best = null;
    let bestDistance = HIT_RADIUS;
    // The selected person's points win over others' when they overlap.
    const order = this.people.map((_, i) => i).sort((a, b) => (a === this.selected) - (b === this.selected));
    for (const i of order) {
      for (const [label, pt] of Object.entries(this.people[i].points)) {
        const d = Math.hypot(r.left + this.view.tx + pt.x * this.view.scale - clientX,
          r.top + this.view.ty + pt.y * this.view.scale - clientY);
        if (d <= bestDistance) { best = { person: i, label }; bestDistance = d; }
      }
    }
    return best;
  },

  _bindPointer() {
    const c = this.canvas;
    let press = null;
    let spaceDown = false;
    this._space = (down) => { spaceDown = down; };
    c.addEventListener('contextmenu', (e) => e.preventDefault());
    c.addEventListener('pointerdown', (e) => {
      c.focus();
      const panning = e.button === 1 || e.button === 2 || e.shiftKey || spaceDown;
      // Alt+drag anywhere, or a drag of a name tag (where no point is), moves a whole person: the one whose point or
      // tag is under the pointer, else the selected one. Without a drag, a press on a tag is an ordinary click.
      let hit = panning ? null : this._hit(e.clientX, e.clientY);
      const tag = panning || hit ? -1 : this._tagAt(e.clientX, e.clientY);
      let person = tag >= 0 ? tag : null;
      if (!panning && e.altKey) { person = hit ? hit.person : tag >= 0 ? tag : this.selected; hit = null; }
      press = { x: e.clientX, y: e.clientY, lastX: e.clientX, lastY: e.clientY, panning, hit, person, moved: false,
        before: hit || person !== null ? this._snapshot() : null };
      c.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    c.addEventListener('pointermove', (e) => {
      if (!press) return;
      if (Math.hypot(e.clientX - press.x, e.clientY - press.y) > CLICK_SLOP) press.moved = true;
      if (press.panning) {
        this.pan(e.clientX - press.lastX, e.clientY - press.lastY);
      } else if (press.person !== null && press.moved) {
        if (this.selected !== press.person) { this.selected = press.person; this.selectedPoint = null; this._render(); }
        // From the press point, not the last event, so a move held back at the image's edge does not drift.
        const from = this._toImage(press.x, press.y);
        const to = this._toImage(e.clientX, e.clientY);
        const done = press.done || { dx: 0, dy: 0 };
        const made = this._shiftPerson(press.person, to.x - from.x - done.dx, to.y - from.y - done.dy);
        press.done = { dx: done.dx + made.dx, dy: done.dy + made.dy };
        this._draw();
      } else if (press.hit && press.moved) {
        if (this.selectedPoint !== press.hit) {
          this.selected = press.hit.person;
          this.selectedPoint = press.hit;
          this._render();
        }
        const pt = this.people[press.hit.person].points[press.hit.label];
        const at = this._toImage(e.clientX, e.clientY);
        pt.x = at.x;
        pt.y = at.y;
        this._draw();
      }
      press.lastX = e.clientX;
      press.lastY = e.clientY;
    });
    c.addEventListener('pointerup', (e) => {
      const p = press;
      press = null;
      if (!p) return;
      if ((p.hit || p.person !== null) && p.moved) {
        // A drag is one step to undo: the state before the press (none when it moved nothing).
        if (this._snapshot() !== p.before) {
          this.undoStack.push(p.before);
          this.redoStack = [];
          this.noChanges = false;
        }
        this._render();
      } else if (!p.panning && !p.moved && e.button === 0) {
        // While the selected person has keypoints to place, a click places one even on top of another point (face
        // points lie close together); once all are placed or skipped, a click on a point selects it.
        if (p.hit && !this._nextLabel(this._person())) {
          this.selected = p.hit.person;
          this.selectedPoint = p.hit;
          this._render();
          return;
        }
        const at = this._toImage(e.clientX, e.clientY);
        const inside = this.image && at.x >= 0 && at.y >= 0 && at.x <= this.image.naturalWidth &&
          at.y <= this.image.naturalHeight;
        if (inside) this._place(at.x, at.y); else this._say('Click inside the image.');
      }
    });
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = c.getBoundingClientRect();
      this.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
  },

  _bindKeys() {
    // Keys typed into a name or chosen in a list are theirs; a checkbox or button leaves the shortcuts working.
    const typing = (e) => {
      const t = e.composedPath()[0];
      if (!t || !t.tagName) return false;
      if (t.tagName === 'INPUT') return !['checkbox', 'radio', 'button'].includes(t.type);
      return t.tagName === 'SELECT' || t.tagName === 'TEXTAREA';
    };
    document.addEventListener('keyup', (e) => { if (e.key === ' ') this._space(false); });
    document.addEventListener('keydown', (e) => {
      if (typing(e)) return;
      // Space on a focused button or checkbox is theirs; elsewhere it is held to pan.
      const on = e.composedPath()[0];
      if (e.key === ' ' && on && on.tagName && on.tagName !== 'CANVAS' && on !== document.body) return;
      const ctrl = e.ctrlKey || e.metaKey;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const step = 60;
      const actions = {
        ' ': () => this._space(true),
        '+': () => this.zoom(1.25), '=': () => this.zoom(1.25), '-': () => this.zoom(1 / 1.25),
        '0': () => this.fit(), Home: () => this.fit(),
        ArrowLeft: () => this.pan(step, 0), ArrowRight: () => this.pan(-step, 0),
        ArrowUp: () => this.pan(0, step), ArrowDown: () => this.pan(0, -step),
        s: () => this._skip(), o: () => this._toggleVisible(), v: () => this._toggleVisible(),
        Delete: () => this._deletePoint(), Backspace: () => this._deletePoint(),
        n: () => this._addPerson(), f: () => this.flipPerson(),
        p: () => {
          this.selected = (this.selected + 1) % this.people.length;
          this.selectedPoint = null;
          this._render();
        },
      };
      let action = null;
      const arrow = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
      if (e.shiftKey && !ctrl && !e.altKey && arrow) action = () => this.nudgePerson(arrow[0] * 10, arrow[1] * 10);
      else if (ctrl && key === 'z') action = e.shiftKey ? () => this.redo() : () => this.undo();
      else if (ctrl && key === 'y') action = () => this.redo();
      else if (!ctrl && !e.altKey) action = actions[key];
      if (!action) return;
      e.preventDefault();
      action();
    });
  },
};
