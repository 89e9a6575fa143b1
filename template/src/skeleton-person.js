// Whole-person fixes of <gtpose-skeleton>: flip a person's left and right, move all of a person's points. A mirrored
// skeleton is the error the consolidation repairs most often, and a person placed a little off is the next; each is
// one action (and one undo step) here instead of a dozen point drags. Mixed into the element's prototype.

const PersonMethods = {
  /** Exchanges each flip pair's points (and skipped marks) of the selected person: left becomes right. */
  flipPerson() {
    const p = this._person();
    if (!p || Object.keys(p.points).length === 0) {
      this._say('Select a person with placed keypoints to flip (F).');
      return;
    }
    if (Object.keys(this.mirrors).length === 0) { this._say('This rig has no left/right pairs to flip.'); return; }
    const other = (label) => this.mirrors[label] || label;
    this._change(() => {
      const points = {};
      for (const [label, pt] of Object.entries(p.points)) points[other(label)] = pt;
      p.points = points;
      p.skipped = p.skipped.map(other);
      const s = this.selectedPoint;
      if (s && s.person === this.selected) this.selectedPoint = { person: s.person, label: other(s.label) };
      if (this.target) this.target = other(this.target);
    });
    this._say(`Left and right of ${p.name} flipped (Ctrl+Z undoes it).`);
  },

  /**
   * Moves every point of person <index> by (dx, dy) image pixels, held back so that no point leaves the image (a point
   * outside it would be dropped from the answer). Returns the move made. Draws; the caller records the undo step.
   */
  _shiftPerson(index, dx, dy) {
    const p = this.people[index];
    const points = p ? Object.values(p.points) : [];
    if (points.length === 0 || !this.image) return { dx: 0, dy: 0 };
    const xs = points.map((pt) => pt.x);
    const ys = points.map((pt) => pt.y);
    // A person already reaching outside the image (an initial value) moves freely.
    const clamp = (d, low, high, size) => low < 0 || high > size ? d : Math.min(Math.max(d, -low), size - high);
    const mx = clamp(dx, Math.min(...xs), Math.max(...xs), this.image.naturalWidth);
    const my = clamp(dy, Math.min(...ys), Math.max(...ys), this.image.naturalHeight);
    for (const pt of points) { pt.x += mx; pt.y += my; }
    return { dx: mx, dy: my };
  },

  /** Moves the selected person by (dx, dy) screen pixels, as one undo step. */
  nudgePerson(dx, dy) {
    const p = this._person();
    if (!p || Object.keys(p.points).length === 0) {
      this._say('Select a person with placed keypoints to move.');
      return;
    }
    this._change(() => this._shiftPerson(this.selected, dx / this.view.scale, dy / this.view.scale));
  },

  /** The person whose name tag is under a client point, or -1. */
  _tagAt(clientX, clientY) {
    const r = this.canvas.getBoundingClientRect();
    const x = clientX - r.left;
    const y = clientY - r.top;
    // The last drawn tag is on top (the selected person is drawn last).
    for (let i = (this._tags || []).length - 1; i >= 0; i--) {
      const t = this._tags[i];
      if (x >= t.x && x <= t.x + t.w && y >= t.y && y <= t.y + t.h) return t.person;
    }
    return -1;
  },
};
