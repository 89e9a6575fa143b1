namespace GtCustomPose.Core.Exports;

/// <summary>The review page's HTML, style and script (no external resources); <see cref="ReviewPage"/> fills
/// it.</summary>
internal static class ReviewPageTemplate
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>__TITLE__</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 16px; background: #f4f4f4; color: #222; }
  h1 { font-size: 20px; margin: 0 0 6px; }
  .bar { position: sticky; top: 0; background: #f4f4f4; padding: 6px 0; z-index: 1;
         display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
  /* As many columns as the window holds, each at least 380 px, sharing the width between them. */
  #items { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 14px;
           align-items: start; margin-top: 8px; }
  .item { min-width: 0; padding: 8px; background: #fff; border: 2px solid #ddd; border-radius: 6px; }
  .item.review { border-color: #d62728; }
  .meta { font-size: 12px; overflow-wrap: anywhere; }
  .reason, .note { display: inline-block; max-width: 100%; box-sizing: border-box; vertical-align: top;
                   overflow-wrap: anywhere; color: #fff; border-radius: 3px; padding: 1px 4px; margin: 1px; }
  .reason code, .note code { font-size: 10px; opacity: 0.85; margin-left: 4px; }
  .reason { background: #d62728; }
  .note { background: #777; }
  /* A list as wide as its widest option would push the page sideways when a reason code is long. */
  #filter { max-width: min(340px, 50vw); }
  .inst.flagged { color: #b00; font-weight: 600; }
  .legend span.sw { display: inline-block; width: 10px; height: 10px; border: 1px solid #000; margin-right: 4px;
                    vertical-align: middle; }
  .legend div { overflow-wrap: anywhere; }
  canvas { display: block; width: 100%; background: #fff; }
</style>
</head>
<body>
<h1>__TITLE__</h1>
<div class="bar">
  <span id="counts"></span>
  <label>show <select id="filter"></select></label>
  <label><input type="checkbox" id="show-workers"> each worker's points</label>
  <span><button id="prev">&lt; previous</button> <span id="page"></span> <button id="next">next &gt;</button></span>
</div>
<div id="items"></div>
<script id="review-data" type="application/json">__DATA__</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('review-data').textContent);
  // Workers' marks: distinct hues, each drawn over a black outline so it shows on any image.
  var palette = ['#e41a1c', '#00e5ff', '#ffea00', '#b15cff', '#00e676', '#ff6d00', '#ff4081', '#ffffff', '#76ff03'];
  // A reason code in words (an unknown code stays as it is).
  function words(code) {
    return Object.prototype.hasOwnProperty.call(data.reason_words, code) ? data.reason_words[code] : code;
  }
  var filter = document.getElementById('filter');
  var showWorkers = document.getElementById('show-workers');
  var container = document.getElementById('items');
  var page = 0, shown = data.items;
  var reasonCounts = {};
  var review = 0;
  data.items.forEach(function (item) {
    if (item.review) review++;
    item.reasons.forEach(function (r) { reasonCounts[r] = (reasonCounts[r] || 0) + 1; });
  });
  document.getElementById('counts').textContent =
    data.items.length + ' objects, ' + review + ' need review (shown first)';
  function option(value, text) {
    var o = document.createElement('option');
    o.value = value; o.textContent = text; filter.appendChild(o);
  }
  option('', 'all objects (' + data.items.length + ')');
  option('!review', 'needing review (' + review + ')');
  Object.keys(reasonCounts).sort(function (a, b) { return reasonCounts[b] - reasonCounts[a]; })
    .forEach(function (r) { option(r, words(r) + ' \u2014 ' + r + ' (' + reasonCounts[r] + ')'); });
  var hash = decodeURIComponent(location.hash.replace(/^#/, '')).split('&');
  hash.forEach(function (h) {
    if (h === 'workers') showWorkers.checked = true;
    if (h.indexOf('reason=') === 0) filter.value = h.substring(7);
    if (h.indexOf('page=') === 0) page = parseInt(h.substring(5), 10) - 1 || 0;
  });

  function applyFilter() {
    var f = filter.value;
    shown = f === '' ? data.items : data.items.filter(function (i) {
      return f === '!review' ? i.review : i.reasons.indexOf(f) >= 0;
    });
  }
  function pages() { return Math.max(1, Math.ceil(shown.length / data.page_size)); }
  function render() {
    page = Math.min(Math.max(page, 0), pages() - 1);
    container.textContent = '';
    var slice = shown.slice(page * data.page_size, (page + 1) * data.page_size);
    slice.forEach(function (item, n) { container.appendChild(box(item, n)); });
    document.getElementById('page').textContent =
      'page ' + (page + 1) + ' of ' + pages() + ' (' + shown.length + ' objects)';
    document.body.setAttribute('data-rendered', String(slice.length));
  }
  function text(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    e.textContent = content;
    return e;
  }
  // A reason as a tag: its words, then its code (also the tag's tooltip).
  function chip(cls, code) {
    var tag = text('span', cls, words(code));
    if (words(code) !== code) tag.appendChild(text('code', '', code));
    tag.title = code;
    return tag;
  }
  function fmt(v) { return v == null ? 'n/a' : v.toFixed(2); }
  function box(item) {
    var div = document.createElement('div');
    div.className = 'item' + (item.review ? ' review' : '');
    var canvas = document.createElement('canvas');
    canvas.width = item.w || 640; canvas.height = item.h || 480;
    div.appendChild(canvas);
    var meta = document.createElement('div');
    meta.className = 'meta';
    meta.appendChild(text('div', '', 'line ' + item.line + ': ' + item.source));
    item.reasons.forEach(function (r) { meta.appendChild(chip('reason', r)); });
    item.notes.forEach(function (r) { meta.appendChild(chip('note', r)); });
    item.instances.forEach(function (inst) {
      var line = inst.name + ': agreement ' + fmt(inst.agreement) + ', confidence ' + fmt(inst.confidence)
        + (inst.reasons.length ? ' \u2014 ' + inst.reasons.map(words).join('; ') : '');
      meta.appendChild(text('div', 'inst' + (inst.reasons.length ? ' flagged' : ''), line));
    });
    var legend = document.createElement('div');
    legend.className = 'legend';
    item.workers.forEach(function (wk, n) {
      var row = document.createElement('div');
      var sw = text('span', 'sw', ''); sw.style.background = palette[n % palette.length];
      row.appendChild(sw);
      row.appendChild(document.createTextNode('\u00d7 ' + wk.id + ': agreement ' + fmt(wk.agreement)
        + (wk.swapped ? ', left/right swapped (corrected)' : '')));
      legend.appendChild(row);
    });
    meta.appendChild(legend);
    div.appendChild(meta);
    var entry = { canvas: canvas, item: item, image: null };
    if (item.image) {
      var img = new Image();
      img.onload = function () { entry.image = img; draw(entry); };
      img.src = item.image;
    }
    draw(entry);
    return div;
  }
  function outlined(ctx, width, color, path) {
    ctx.lineWidth = width + 2.5; ctx.strokeStyle = '#000'; path(); ctx.stroke();
    ctx.lineWidth = width; ctx.strokeStyle = color; path(); ctx.stroke();
  }
  function draw(entry) {
    var ctx = entry.canvas.getContext('2d'), item = entry.item;
    ctx.clearRect(0, 0, entry.canvas.width, entry.canvas.height);
    if (entry.image) ctx.drawImage(entry.image, 0, 0, entry.canvas.width, entry.canvas.height);
    var lw = Math.max(2, entry.canvas.width / 320);
    var tags = [];
    ctx.lineCap = 'round';
    item.instances.forEach(function (inst) {
      var at = {};
      inst.points.forEach(function (p) { at[p[0]] = p; });
      data.edges.forEach(function (e) {
        var a = at[e[0]], b = at[e[1]];
        if (!a || !b) return;
        outlined(ctx, lw, e[2], function () { ctx.beginPath(); ctx.moveTo(a[1], a[2]); ctx.lineTo(b[1], b[2]); });
      });
      inst.points.forEach(function (p) {
        ctx.beginPath(); ctx.arc(p[1], p[2], lw * 1.9, 0, 2 * Math.PI);
        ctx.fillStyle = p[3] === 1 ? '#fff' : data.keypoints[p[0]][1]; ctx.fill();
        ctx.lineWidth = 1.5; ctx.strokeStyle = '#000'; ctx.stroke();
      });
      if (inst.reasons.length && inst.points.length) tags.push(highlight(ctx, inst, lw));
    });
    // Where the tags went, in image pixels, for a test to check that none is cut at an edge.
    entry.canvas.setAttribute('data-tags', JSON.stringify(tags));
    if (!showWorkers.checked) return;
    item.workers.forEach(function (wk, n) {
      var color = palette[n % palette.length], s = lw * 2.2;
      wk.skeletons.forEach(function (points) {
        points.forEach(function (p) {
          outlined(ctx, lw * 0.8, color, function () {
            ctx.beginPath();
            ctx.moveTo(p[1] - s, p[2] - s); ctx.lineTo(p[1] + s, p[2] + s);
            ctx.moveTo(p[1] + s, p[2] - s); ctx.lineTo(p[1] - s, p[2] + s);
          });
        });
      });
    });
  }
  // A dashed box around the skeleton a reason is about, with its name and reasons on a dark tag that stays inside
  // the image: wrapped to its width, moved in from its edges.
  function highlight(ctx, inst, lw) {
    var width = ctx.canvas.width, height = ctx.canvas.height;
    var xs = inst.points.map(function (p) { return p[1]; }), ys = inst.points.map(function (p) { return p[2]; });
    var pad = lw * 5, l = Math.min.apply(null, xs) - pad, t = Math.min.apply(null, ys) - pad;
    var r = Math.max.apply(null, xs) + pad, b = Math.max.apply(null, ys) + pad;
    ctx.setLineDash([lw * 4, lw * 3]);
    outlined(ctx, lw, '#ffea00', function () { ctx.beginPath(); ctx.rect(l, t, r - l, b - t); });
    ctx.setLineDash([]);
    var size = Math.round(lw * 7), margin = lw * 2;
    ctx.font = size + 'px sans-serif';
    var lines = wrap(ctx, inst.name + ': ' + inst.reasons.map(words).join('; '), width - 2 * margin);
    var w = Math.max.apply(null, lines.map(function (s) { return ctx.measureText(s).width; })) + 2 * margin;
    var h = lines.length * size * 1.25 + margin;
    var x = Math.max(0, Math.min(l, width - w));
    var y = t - h >= 0 ? t - h : Math.max(0, Math.min(b, height - h));
    ctx.fillStyle = 'rgba(0,0,0,0.8)'; ctx.fillRect(x, y, w, h);
    ctx.fillStyle = '#ffea00';
    lines.forEach(function (s, i) { ctx.fillText(s, x + margin, y + margin / 2 + (i + 0.8) * size * 1.25); });
    return { x: x, y: y, w: w, h: h, lines: lines };
  }
  // Lines of at most `max` pixels, three at most; a word too long for a line is cut with an ellipsis.
  function wrap(ctx, label, max) {
    var lines = [], line = '';
    function fit(s) {
      if (ctx.measureText(s).width <= max) return s;
      while (s.length > 1 && ctx.measureText(s + '\u2026').width > max) s = s.slice(0, -1);
      return s + '\u2026';
    }
    label.split(' ').forEach(function (word) {
      var next = line ? line + ' ' + word : word;
      if (!line || ctx.measureText(next).width <= max) { line = next; return; }
      lines.push(fit(line)); line = word;
    });
    lines.push(fit(line));
    if (lines.length > 3) { lines = lines.slice(0, 3); lines[2] = fit(lines[2] + '\u2026'); }
    return lines;
  }
  filter.addEventListener('change', function () { page = 0; applyFilter(); render(); });
  showWorkers.addEventListener('change', render);
  document.getElementById('prev').addEventListener('click', function () { page--; render(); });
  document.getElementById('next').addEventListener('click', function () { page++; render(); });
  applyFilter();
  render();
  document.body.setAttribute('data-render-ms', String(Math.round(performance.now())));
})();
</script>
</body>
</html>
""";
}
