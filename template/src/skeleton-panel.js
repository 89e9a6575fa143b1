// The side panel of <gtpose-skeleton>: people, keypoints, audit hints, instructions and shortcuts.
// Mixed into the element's prototype; every task-supplied text goes in through textContent or .value.

const PanelMethods = {
  _instructions() {
    const shortcuts = [
      ['Click', 'place the next keypoint of the selected person'],
      ['Drag a point', 'move it (and select it)'],
      ['Click a point', 'select it, once every keypoint is placed or skipped (or pick it in the list)'],
      ['S', 'skip the next keypoint (not visible and not guessable)'],
      ['O', 'selected or just placed keypoint: occluded (placed by guess) ⇄ visible'],
      ['Delete', 'delete the selected keypoint'],
      ['F', 'flip left and right of the selected person (every left point becomes the right one)'],
      ['Alt+drag, or drag a name tag', 'move a whole person'],
      ['Shift+arrows', 'move the selected person'],
      ['N / P', 'add a person / select the next person'],
      ['Wheel, + / −', 'zoom'],
      ['Shift+drag, Space+drag, arrows', 'pan'],
      ['0', 'fit the whole image'],
      ['Ctrl+Z / Ctrl+Y', 'undo / redo'],
    ];
    const list = el('dl', { className: 'shortcuts', id: 'shortcuts' });
    for (const [k, d] of shortcuts) list.append(el('dt', { textContent: k }), el('dd', { textContent: d }));
    return el('section', { className: 'help' },
      el('h3', { textContent: 'Instructions' }),
      el('p', { textContent: 'LEFT and RIGHT are the subject\'s own sides, not yours: for a person facing you, ' +
        'their left wrist is on the right of the image.' }),
      el('p', { textContent: 'Add a person for everyone in the image and place their keypoints in the order ' +
        'shown. Place a hidden keypoint where it must be and mark it occluded; skip one you cannot guess. Tell ' +
        'which way each person faces when left and right could be confused.' }),
      el('p', { textContent: 'A person whose sides are exchanged: flip them (F) rather than moving each point. A ' +
        'person placed off: move them whole (drag the name tag).' }),
      el('p', { textContent: 'Left points: circles marked L on solid lines. Right points: squares marked R on ' +
        'dashed lines. Occluded points are hollow.' }),
      el('h3', { textContent: 'Shortcuts' }), list);
  },

  _renderStatus() {
    const p = this._person();
    const next = this._nextLabel(p);
    this.nextLine.textContent = '';
    if (!p) return;
    const who = el('span', { className: 'who', textContent: p.name });
    if (next) {
      const side = this.sides[next];
      this.nextLine.append('Next for ', who, ': ',
        el('strong', { className: side ? 'side-' + side : '', textContent: spoken(next, side) }));
    } else {
      this.nextLine.append('All keypoints of ', who, ' are placed or skipped.');
    }
    this.statusLine.textContent = this.message;
    // Both lines are one line high; a text cut short is there in full as their tooltip.
    this.statusLine.title = this.message;
    this.nextLine.title = this.nextLine.textContent;
  },

  _renderPeople() {
    // Rows are rebuilt only when people come or go, so a name being typed or a facing being chosen keeps its focus.
    while (this.peopleList.children.length > this.people.length) this.peopleList.lastChild.remove();
    const rows = this.peopleList.children;
    while (rows.length < this.people.length) this.peopleList.append(this._personRow(rows.length));
    const doubtful = this._doubtful();
    this.people.forEach((p, i) => {
      const row = this.peopleList.children[i];
      const name = row.querySelector('.name');
      if (this.shadowRoot.activeElement !== name) name.value = p.name;
      row.querySelector('.facing').value = p.facing;
      row.querySelector('.count').textContent = `${Object.keys(p.points).length}/${this.labels.length}`;
      row.classList.toggle('selected', i === this.selected);
      const doubt = doubtful.get(p.name);
      row.classList.toggle('doubtful', !!doubt);
      const note = row.querySelector('.doubt');
      note.hidden = !doubt;
      note.textContent = doubt ? 'In doubt: ' + doubt.reasons.map(reasonWords).join('; ') : '';
      note.title = doubt ? doubt.reasons.join(', ') : '';
    });
  },

  _personRow(i) {
    const name = el('input', { type: 'text', className: 'name', title: 'name of this person' });
    name.addEventListener('change', () => this._change(() => {
      this.people[i].name = name.value.trim() || `person_${i + 1}`;
    }));
    const facing = el('select', { className: 'facing', title: 'which way this person faces' });
    for (const [f, text] of FACINGS) facing.append(el('option', { value: f, textContent: text }));
    facing.addEventListener('change', () => this._change(() => { this.people[i].facing = facing.value; }));
    const del = el('button', { type: 'button', className: 'delete', textContent: '✕', title: 'delete this person' });
    del.addEventListener('click', (e) => { e.stopPropagation(); this._deletePerson(i); });
    const row = el('li', { className: 'person' }, name, el('span', { className: 'count' }), facing, del,
      el('div', { className: 'doubt' }));
    row.addEventListener('pointerdown', () => {
      if (this.selected !== i) { this.selected = i; this.selectedPoint = null; this.target = null; this._render(); }
    });
    return row;
  },

  _renderPoints() {
    this.pointList.textContent = '';
    const p = this._person();
    if (!p) return;
    const next = this._nextLabel(p);
    const doubt = this._doubtful().get(p.name);
    for (const label of this.labels) {
      const pt = p.points[label];
      const state = pt ? (pt.visible ? 'visible' : 'occluded') : p.skipped.includes(label) ? 'skipped' : '';
      const row = el('li', {}, el('span', { className: 'swatch' }),
        el('span', { className: 'label', textContent: spoken(label, this.sides[label]) }),
        el('span', { className: 'state', textContent: state }));
      row.firstChild.style.background = this.colors[label];
      if (label === next) row.classList.add('upcoming');
      if (this.selectedPoint && this.selectedPoint.person === this.selected && this.selectedPoint.label === label) {
        row.classList.add('selected');
      }
      if (doubt && doubt.keypoints.includes(label)) row.classList.add('doubtful');
      row.title = pt ? 'select this keypoint' : 'place this keypoint with the next click';
      row.addEventListener('click', () => {
        if (pt) this.selectedPoint = { person: this.selected, label }; else this.target = label;
        this._render();
      });
      this.pointList.append(row);
    }
  },

  _doubtful() {
    const map = new Map();
    const list = this.audit && Array.isArray(this.audit.doubtful) ? this.audit.doubtful : [];
    for (const d of list) {
      if (!d || typeof d.instance !== 'string') continue;
      map.set(d.instance, {
        reasons: (Array.isArray(d.reasons) ? d.reasons : []).filter((r) => typeof r === 'string'),
        keypoints: (Array.isArray(d.keypoints) ? d.keypoints : []).filter((k) => typeof k === 'string'),
      });
    }
    return map;
  },

  _renderAudit() {
    const reasons = this.audit && Array.isArray(this.audit.reasons)
      ? this.audit.reasons.filter((r) => typeof r === 'string') : [];
    this.auditBox.hidden = !this.audit;
    this.auditBox.textContent = '';
    if (!this.audit) return;
    this.auditBox.append(el('h3', { textContent: 'Audit: why this image is checked' }));
    const list = el('ul');
    for (const r of reasons) {
      list.append(el('li', { textContent: reasonWords(r) !== r ? `${reasonWords(r)} (${r})` : r }));
    }
    this.auditBox.append(list);
    const doubtful = [...this._doubtful().entries()];
    if (doubtful.length > 0) {
      this.auditBox.append(el('p', { textContent: 'Check closely (highlighted in yellow):' }));
      const dl = el('ul');
      for (const [name, d] of doubtful) {
        const what = d.keypoints.length > 0 ? ': ' + d.keypoints.map((k) => spoken(k, this.sides[k])).join(', ') : '';
        dl.append(el('li', { textContent: name + what }));
      }
      this.auditBox.append(dl);
    }
  },
};
