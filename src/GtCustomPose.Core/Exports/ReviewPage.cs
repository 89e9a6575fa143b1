using System.Text;
using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Exports;

/// <summary>One object on the review page.</summary>
/// <param name="Line">Manifest line number.</param>
/// <param name="Label">The consolidated label.</param>
/// <param name="SourceRef">The image's URI, shown as text.</param>
/// <param name="ImageDataUri">The image as a data: URI when it is local; null draws a blank canvas of the image size.</param>
/// <param name="WorkerAnswers">Each worker's skeletons, shown on demand.</param>
public sealed record ReviewItem(int Line, JsonElement Label, string SourceRef, string? ImageDataUri, IReadOnlyList<(string WorkerId, IReadOnlyList<SkeletonInstance> Instances)> WorkerAnswers);

/// <summary>
/// One self-contained HTML page to review a job: each object's image with the consolidated skeletons in rig colours,
/// each worker's points on demand, objects needing review first with their reasons. All data is embedded as JSON whose
/// HTML-sensitive characters are escaped, so labels and URIs render as text.
/// </summary>
public static class ReviewPage
{
    /// <summary>Builds the page.</summary>
    public static string Build(IEnumerable<ReviewItem> items, Rig rig, string title)
    {
        var ordered = items.OrderByDescending(i => i.Label.TryGetProperty("needs_review", out var n) && n.ValueKind == JsonValueKind.True).ThenBy(i => i.Line).ToList();
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("keypoints");
            foreach (var k in rig.Keypoints) { w.WriteStartObject(); w.WriteString("label", k.Label); w.WriteString("color", k.Color); w.WriteEndObject(); }
            w.WriteEndArray();
            w.WriteStartArray("edges");
            foreach (var e in rig.Edges) { w.WriteStartArray(); w.WriteStringValue(e.From); w.WriteStringValue(e.To); w.WriteStringValue(e.Color); w.WriteEndArray(); }
            w.WriteEndArray();
            w.WriteStartArray("items");
            foreach (var item in ordered)
            {
                w.WriteStartObject();
                w.WriteNumber("line", item.Line);
                w.WriteString("source", item.SourceRef);
                if (item.ImageDataUri is not null) w.WriteString("image", item.ImageDataUri);
                w.WritePropertyName("label");
                item.Label.WriteTo(w);
                w.WriteStartArray("workers");
                foreach (var (worker, instances) in item.WorkerAnswers)
                {
                    w.WriteStartObject();
                    w.WriteString("id", worker);
                    w.WriteStartArray("instances");
                    foreach (var i in instances)
                    {
                        w.WriteStartArray();
                        foreach (var k in i.Keypoints) { w.WriteStartObject(); w.WriteString("label", k.Label); w.WriteNumber("x", k.X); w.WriteNumber("y", k.Y); w.WriteEndObject(); }
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var data = Encoding.UTF8.GetString(buffer.ToArray());
        return Template.Replace("__TITLE__", System.Net.WebUtility.HtmlEncode(title), StringComparison.Ordinal).Replace("__DATA__", data, StringComparison.Ordinal);
    }

    private const string Template = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>__TITLE__</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 16px; background: #fafafa; color: #222; }
  h1 { font-size: 20px; }
  .item { display: inline-block; vertical-align: top; margin: 8px; padding: 8px; background: #fff; border: 2px solid #ddd; border-radius: 6px; }
  .item.review { border-color: #d62728; }
  .meta { font-size: 12px; max-width: 420px; overflow-wrap: anywhere; }
  .reason { display: inline-block; background: #d62728; color: #fff; border-radius: 3px; padding: 1px 4px; margin: 1px; }
  .note { display: inline-block; background: #999; color: #fff; border-radius: 3px; padding: 1px 4px; margin: 1px; }
  canvas { display: block; max-width: 420px; background: #fff; }
</style>
</head>
<body>
<h1>__TITLE__</h1>
<p id="counts"></p>
<label><input type="checkbox" id="show-workers"> show each worker's points</label>
<div id="items"></div>
<script id="review-data" type="application/json">__DATA__</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('review-data').textContent);
  var colors = {};
  data.keypoints.forEach(function (k) { colors[k.label] = k.color; });
  var palette = ['#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#843c39'];
  var review = data.items.filter(function (i) { return i.label.needs_review; }).length;
  document.getElementById('counts').textContent = data.items.length + ' objects, ' + review + ' need review (shown first)';
  var container = document.getElementById('items');
  var canvases = [];
  data.items.forEach(function (item) {
    var box = document.createElement('div');
    box.className = 'item' + (item.label.needs_review ? ' review' : '');
    var size = item.label.image_size || { width: 640, height: 480 };
    var canvas = document.createElement('canvas');
    canvas.width = size.width; canvas.height = size.height;
    box.appendChild(canvas);
    var meta = document.createElement('div');
    meta.className = 'meta';
    var title = document.createElement('div');
    title.textContent = 'line ' + item.line + ': ' + item.source;
    meta.appendChild(title);
    (item.label.review_reasons || []).forEach(function (r) { var s = document.createElement('span'); s.className = 'reason'; s.textContent = r; meta.appendChild(s); });
    (item.label.notes || []).forEach(function (r) { var s = document.createElement('span'); s.className = 'note'; s.textContent = r; meta.appendChild(s); });
    (item.label.instances || []).forEach(function (i) {
      var d = document.createElement('div');
      d.textContent = i.name + ': agreement ' + (i.agreement == null ? 'n/a' : i.agreement) + ', confidence ' + (i.confidence == null ? 'n/a' : i.confidence);
      meta.appendChild(d);
    });
    box.appendChild(meta);
    container.appendChild(box);
    var entry = { canvas: canvas, item: item, image: null };
    canvases.push(entry);
    if (item.image) {
      var img = new Image();
      img.onload = function () { entry.image = img; draw(entry); };
      img.src = item.image;
    }
    draw(entry);
  });
  function draw(entry) {
    var ctx = entry.canvas.getContext('2d');
    ctx.clearRect(0, 0, entry.canvas.width, entry.canvas.height);
    if (entry.image) ctx.drawImage(entry.image, 0, 0);
    var lw = Math.max(2, entry.canvas.width / 300);
    (entry.item.label.instances || []).forEach(function (inst) {
      var at = {};
      inst.keypoints.forEach(function (k) { at[k.label] = k; });
      data.edges.forEach(function (e) {
        if (!at[e[0]] || !at[e[1]]) return;
        ctx.strokeStyle = e[2]; ctx.lineWidth = lw;
        ctx.beginPath(); ctx.moveTo(at[e[0]].x, at[e[0]].y); ctx.lineTo(at[e[1]].x, at[e[1]].y); ctx.stroke();
      });
      inst.keypoints.forEach(function (k) {
        ctx.fillStyle = colors[k.label] || '#000';
        ctx.beginPath(); ctx.arc(k.x, k.y, lw * 1.8, 0, 2 * Math.PI); ctx.fill();
      });
    });
    if (!document.getElementById('show-workers').checked) return;
    entry.item.workers.forEach(function (worker, n) {
      ctx.strokeStyle = palette[n % palette.length]; ctx.lineWidth = 1.5;
      worker.instances.forEach(function (points) {
        points.forEach(function (k) {
          ctx.beginPath(); ctx.moveTo(k.x - 4, k.y - 4); ctx.lineTo(k.x + 4, k.y + 4); ctx.moveTo(k.x + 4, k.y - 4); ctx.lineTo(k.x - 4, k.y + 4); ctx.stroke();
        });
      });
    });
  }
  document.getElementById('show-workers').addEventListener('change', function () { canvases.forEach(draw); });
  if (location.hash === '#workers') { document.getElementById('show-workers').checked = true; canvases.forEach(draw); }
  document.body.setAttribute('data-rendered', String(data.items.length));
})();
</script>
</body>
</html>
""";
}
