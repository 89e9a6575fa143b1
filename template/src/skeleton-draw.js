// Canvas drawing of <gtpose-skeleton>: the image in the current view, then every person's rig lines and points.
// Left and right differ by more than colour: right-side lines are dashed, left points are circles marked L, right
// points squares marked R; occluded points are hollow; audit doubts get a yellow ring.

function drawScene(host) {
  const c = host.canvas;
  const ctx = c.getContext('2d');
  const size = host._box();
  const dpr = c.width / Math.max(1, size.width);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#2b2b2b';
  ctx.fillRect(0, 0, size.width, size.height);
  const v = host.view;
  if (!host.image) return;
  // Zoomed in, each image pixel stays a crisp square rather than a blur.
  ctx.imageSmoothingEnabled = v.scale * dpr < 2;
  ctx.drawImage(host.image, v.tx, v.ty, host.image.naturalWidth * v.scale, host.image.naturalHeight * v.scale);
  const at = (x, y) => [v.tx + x * v.scale, v.ty + y * v.scale];
  const box = host.box;
  if (box && [box.left, box.top, box.right, box.bottom].every(finite)) {
    const [x0, y0] = at(box.left, box.top);
    const [x1, y1] = at(box.right, box.bottom);
    ctx.setLineDash([4, 4]);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1;
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    ctx.setLineDash([]);
  }
  const doubtful = host._doubtful();
  // Name tags are handles: a drag on one moves its person (skeleton-input.js looks them up here).
  host._tags = [];
  const order = host.people.map((_, i) => i).filter((i) => i !== host.selected);
  if (host.people[host.selected]) order.push(host.selected);
  for (const i of order) {
    const p = host.people[i];
    const selected = i === host.selected;
    ctx.globalAlpha = selected ? 1 : 0.55;
    drawPerson(ctx, host, p, at, selected, doubtful.get(p.name), i);
  }
  ctx.globalAlpha = 1;
}

function drawPerson(ctx, host, p, at, selected, doubt, index) {
  for (const [a, b, color] of host.edges) {
    const pa = p.points[a];
    const pb = p.points[b];
    if (!pa || !pb) continue;
    const right = host.sides[a] === 'right' || host.sides[b] === 'right';
    // Dashes with butt ends, so the gaps stay open even over a line of the same colour in the image.
    ctx.setLineDash(right ? [8, 7] : []);
    ctx.lineCap = right ? 'butt' : 'round';
    ctx.lineWidth = selected ? 3 : 2;
    ctx.strokeStyle = '#000000';
    ctx.globalAlpha = selected ? 0.5 : 0.3;
    line(ctx, at(pa.x, pa.y), at(pb.x, pb.y), ctx.lineWidth + 2);
    ctx.globalAlpha = selected ? 1 : 0.55;
    ctx.strokeStyle = color || host.colors[a];
    line(ctx, at(pa.x, pa.y), at(pb.x, pb.y), ctx.lineWidth);
  }
  ctx.setLineDash([]);
  let top = null;
  for (const label of host.labels) {
    const pt = p.points[label];
    if (!pt) continue;
    const [x, y] = at(pt.x, pt.y);
    if (!top || y < top[1]) top = [x, y];
    if (doubt && doubt.keypoints.includes(label)) ring(ctx, x, y, 13, '#ffd400', 4);
    const isSelected = host.selectedPoint && host.selectedPoint.person === index && host.selectedPoint.label === label;
    if (isSelected) ring(ctx, x, y, 10, '#ffffff', 2.5);
    marker(ctx, x, y, host.sides[label], host.colors[label], pt.visible);
  }
  if (top) host._tags.push({ person: index, ...nameTag(ctx, p.name, top[0], top[1] - 18, selected, !!doubt) });
}

function line(ctx, [x0, y0], [x1, y1], width) {
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

function ring(ctx, x, y, r, color, width) {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.stroke();
}

function marker(ctx, x, y, side, color, visible) {
  const r = 6.5;
  ctx.beginPath();
  if (side === 'right') ctx.rect(x - r, y - r, 2 * r, 2 * r); else ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = visible ? color : 'rgba(255,255,255,0.85)';
  ctx.fill();
  ctx.lineWidth = visible ? 1.5 : 2.5;
  ctx.strokeStyle = visible ? '#000000' : color;
  ctx.stroke();
  if (!side) return;
  ctx.font = 'bold 9px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = visible ? '#ffffff' : '#000000';
  ctx.fillText(side === 'left' ? 'L' : 'R', x, y + 0.5);
}

function nameTag(ctx, name, x, y, selected, doubtful) {
  ctx.font = (selected ? 'bold ' : '') + '12px sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const text = name.length > 40 ? name.slice(0, 39) + '…' : name;
  const w = ctx.measureText(text).width + 10;
  ctx.fillStyle = doubtful ? '#ffd400' : selected ? '#ffffff' : 'rgba(255,255,255,0.7)';
  ctx.fillRect(x - w / 2, y - 9, w, 18);
  ctx.fillStyle = '#000000';
  ctx.fillText(text, x - w / 2 + 5, y);
  return { x: x - w / 2, y: y - 9, w, h: 18 };
}
