using System.Globalization;
using System.Net;
using System.Text;

namespace GtCustomPose.Core.Exports;

/// <summary>
/// The job report as one self-contained HTML page: summary, the worker table (sortable by any column, workers to look
/// at first on top), agreement and confidence histograms, review reasons by count and per-keypoint difficulty, drawn
/// as inline SVG. The only script is inline (the table sort); nothing is loaded from elsewhere.
/// </summary>
public static class ReportPage
{
    private const string Blue = "#1f77b4", Red = "#d62728", Grey = "#8c8c8c", Orange = "#ff7f0e";

    /// <summary>A worker's row is marked from this attention on (half an answer's worth of trouble).</summary>
    private const double FlagAttention = 0.5;

    /// <summary>The page for <paramref name="report"/>, titled <paramref name="title"/>.</summary>
    public static string Build(JobReportData report, string title)
    {
        var h = new StringBuilder();
        h.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(E(title)).Append("</title>\n")
            .Append(Style).Append("</head>\n<body>\n<h1>").Append(E(title)).Append("</h1>\n");
        h.Append("<p class=\"summary\">").Append(report.Objects).Append(" objects, ")
            .Append(report.Skeletons).Append(" skeletons, ")
            .Append(report.NeedsReview).Append(" need review (")
            .Append(Percent(report.NeedsReview, report.Objects)).Append("); ")
            .Append(report.Workers.Count).Append(" workers; rig ").Append(E(report.Rig)).Append(", label attribute ")
            .Append(E(report.LabelAttribute)).Append("</p>\n");
        h.Append("<p class=\"summary\" id=\"answers\">").Append(E(AnswersText(report.Answers))).Append("</p>\n");
        WorkerTable(h, report);
        h.Append("<div class=\"charts\">\n");
        Chart(
            h, "Agreement per skeleton (mean OKS of the workers to the consensus)",
            HistogramSvg(report.Agreement, Blue));
        Chart(
            h,
            "Confidence per skeleton: the consolidation's own estimate of its expected OKS, from how closely the " +
            "workers' clicks agree (no truth is known here)",
            HistogramSvg(report.Confidence, Orange));
        Chart(h, "Review reasons and notes, by objects", BarsSvg(report.Reasons
            .Select(r => (
                r.Reason + (r.SetsReview ? "" : " (note)"),
                (double)r.Objects,
                r.Objects.ToString(CultureInfo.InvariantCulture),
                r.SetsReview ? Red : Grey,
                ReasonWords.Of(r.Reason))).ToList(), report.Objects) + ReasonList(report.Reasons));
        Chart(
            h,
            "Hardest keypoints: 1 − mean confidence (wider spread of clicks), and how often workers left them out",
            KeypointSvg(report.Keypoints));
        h.Append("</div>\n").Append(SortScript).Append("</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>The answers line: listed, read, lost by cause (or "no answers lost"), S3 requests retried.</summary>
    private static string AnswersText(Jobs.AnswerCounts? a)
    {
        if (a is null)
            return "Answers listed, read and lost: not known for this manifest (a re-consolidation saves them " +
                   "beside its output manifest, in <manifest>.summary.json)";
        var c = CultureInfo.InvariantCulture;
        var lost = a.Lost.Values.Sum();
        var text = string.Create(c, $"Answers: {a.Listed} listed, {a.Read} read, ") + (lost == 0
            ? "no answers lost"
            : string.Create(c, $"{lost} lost ({Causes(a.Lost)}); each object concerned is flagged unreadable_answer"));
        if (a.Retried is { } retried)
            text += string.Create(
                c,
                $"; S3 requests: {retried.Values.Sum()} retried{Parenthesised(retried)}, " +
                $"{a.GivenUp?.Values.Sum() ?? 0} given up{Parenthesised(a.GivenUp)}");
        return text;
    }

    private static string Causes(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));

    private static string Parenthesised(IReadOnlyDictionary<string, int>? counts) =>
        counts is { Count: > 0 } ? $" ({Causes(counts)})" : "";

    private static void WorkerTable(StringBuilder h, JobReportData report)
    {
        h.Append(
            "<h2>Workers <small>(look at the top ones first: low agreement, swaps, outlier clicks, unusable answers; " +
            "click a heading to sort)</small></h2>\n")
            .Append("<table id=\"workers\">\n<thead><tr>");
        var attention = AttentionText(report.Keypoints.Count);
        foreach (var (name, numeric, title) in new[]
                 {
                     ("Worker", false, "Ground Truth's worker id"),
                     ("Objects", true, "objects the worker answered"),
                     ("Mean agreement", true, "mean OKS of the worker's skeletons to the consensus, 0 to 1"),
                     ("Mirror/swap rate", true, "share of answers with a mirrored skeleton or swapped left/right pair"),
                     ("Outlier clicks", true, "points left out of the estimates as far from the other workers'"),
                     ("Median time per task (s)", true, "median time on task, seconds"),
                     ("Answers with issues", true, "answers with parts (or all) unusable"),
                     ("Attention", true, attention),
                 })
            h.Append("<th data-numeric=\"").Append(numeric ? "1" : "0").Append("\" title=\"").Append(E(title))
                .Append("\">").Append(name).Append("</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var w in report.Workers)
        {
            var flag = w.Attention >= FlagAttention ? " class=\"flag\"" : "";
            h.Append("<tr").Append(flag).Append("><td>").Append(E(w.WorkerId)).Append("</td>");
            Cell(h, w.Objects, w.Objects.ToString(CultureInfo.InvariantCulture));
            Cell(
                h,
                w.MeanAgreement,
                w.MeanAgreement?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a",
                w.MeanAgreement is < 0.6);
            Cell(h, w.SwapRate, w.SwapRate.ToString("0.0%", CultureInfo.InvariantCulture), w.SwapRate >= 0.1);
            Cell(h, w.OutlierClicks, w.OutlierClicks.ToString(CultureInfo.InvariantCulture));
            Cell(h, w.MedianSeconds, w.MedianSeconds?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a");
            Cell(
                h,
                w.AnswersWithIssues,
                w.AnswersWithIssues.ToString(CultureInfo.InvariantCulture),
                w.AnswersWithIssues > 0);
            Cell(h, w.Attention, w.Attention.ToString("0.000", CultureInfo.InvariantCulture));
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n<p class=\"legend\" id=\"attention-legend\"><strong>Attention</strong> = ")
            .Append(E(attention)).Append("</p>\n");
    }

    private static string AttentionText(int rigKeypoints) => string.Create(
        CultureInfo.InvariantCulture,
        $"(1 − mean agreement) + mirror/swap rate + outlier clicks per answer ÷ {rigKeypoints} keypoints + " +
        $"share of answers with issues. Each term is 0 for a worker who always matches the consensus, so higher " +
        $"means look sooner; rows from {FlagAttention:0.0} on are marked red at the left.");

    private static void Cell(StringBuilder h, double? sortValue, string text, bool bad = false) =>
        h.Append("<td data-v=\"").Append((sortValue ?? -1).ToString(CultureInfo.InvariantCulture)).Append('"')
            .Append(bad ? " class=\"bad\"" : "").Append('>').Append(text).Append("</td>");

    private static void Chart(StringBuilder h, string caption, string svg) =>
        h.Append("<figure>").Append(svg).Append("<figcaption>").Append(E(caption)).Append("</figcaption></figure>\n");

    // What each code in the chart means, in words.
    private static string ReasonList(IReadOnlyList<ReasonCount> reasons)
    {
        var s = new StringBuilder("<dl class=\"reasons\">");
        foreach (var code in reasons.Select(r => r.Reason).Distinct(StringComparer.Ordinal))
            s.Append("<dt>").Append(E(code)).Append("</dt><dd>").Append(E(ReasonWords.Of(code))).Append("</dd>");
        return s.Append("</dl>").ToString();
    }

    private static string HistogramSvg(Histogram histogram, string color)
    {
        const int Width = 520, Height = 220, Left = 40, Bottom = 30, Top = 10, Right = 24;
        var s = new StringBuilder();
        s.Append(Svg(Width, Height));
        if (histogram.Values == 0) return s.Append(
            Text(Width / 2, Height / 2, "no values (one worker per object?)", "middle")).Append("</svg>").ToString();
        var max = Math.Max(1, histogram.Counts.Max());
        var barWidth = (Width - Left - (double)Right) / histogram.Counts.Count;
        var plot = Height - Bottom - Top;
        for (var i = 0; i < histogram.Counts.Count; i++)
        {
            var bar = plot * histogram.Counts[i] / (double)max;
            var n = histogram.Counts.Count;
            var title = FormattableString.Invariant(
                $"{(double)i / n:0.00}–{(double)(i + 1) / n:0.00}: {histogram.Counts[i]}");
            s.Append(Rect(Left + i * barWidth + 1, Top + plot - bar, barWidth - 2, bar, color, title));
        }
        for (var t = 0; t <= 4; t++)
            s.Append(
                Text(
                    Left + t * (Width - Left - Right) / 4.0,
                    Height - 10,
                    (t / 4.0).ToString("0.00", CultureInfo.InvariantCulture),
                    "middle"));
        s.Append(Text(Left - 4, Top + 10, max.ToString(CultureInfo.InvariantCulture), "end"));
        s.Append(
            string.Create(
                CultureInfo.InvariantCulture,
                $"<line x1=\"{Left}\" y1=\"{Top + plot}\" x2=\"{Width - Right}\" y2=\"{Top + plot}\" " +
                $"stroke=\"#444\"/>"));
        return s.Append("</svg>").ToString();
    }

    private static string BarsSvg(
        IReadOnlyList<(string Label, double Value, string Text, string Color, string Title)> bars, double scale)
    {
        const int Width = 520, Row = 22, Label = 230;
        var height = Math.Max(1, bars.Count) * Row + 10;
        var s = new StringBuilder(Svg(Width, height));
        if (bars.Count == 0) return s.Append(Text(Width / 2, 16, "none", "middle")).Append("</svg>").ToString();
        var max = Math.Max(scale, bars.Max(b => b.Value));
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, text, color, title) = bars[i];
            var w = (Width - Label - 60) * value / Math.Max(max, 1e-9);
            var y = 5 + i * Row;
            s.Append("<g><title>").Append(E(title)).Append("</title>");
            s.Append(Text(Label - 6, y + 15, label, "end"));
            s.Append(Rect(Label, y + 3, Math.Max(w, 1), Row - 6, color)).Append("</g>");
            s.Append(Text(Label + w + 4, y + 15, text, "start"));
        }
        return s.Append("</svg>").ToString();
    }

    private static string KeypointSvg(IReadOnlyList<KeypointRow> keypoints)
    {
        var rows = keypoints.OrderByDescending(k => 1 - (k.MeanConfidence ?? 1) + k.MissedRate).ToList();
        const int Width = 520, Row = 20, Label = 130, Bar = 150;
        var s = new StringBuilder(Svg(Width, rows.Count * Row + 30));
        s.Append(Text(Label + Bar / 2, 14, "1 − confidence", "middle")).Append(
            Text(Label + Bar + 40 + Bar / 2, 14, "left out", "middle"));
        for (var i = 0; i < rows.Count; i++)
        {
            var k = rows[i];
            var y = 22 + i * Row;
            var spread = 1 - (k.MeanConfidence ?? 1);
            s.Append(Text(Label - 6, y + 13, k.Label, "end"));
            s.Append(Rect(Label, y + 3, Math.Max(1, Bar * spread), Row - 6, Orange));
            s.Append(
                Text(
                    Label + Bar + 4,
                    y + 13,
                    k.MeanConfidence is null ? "n/a" : spread.ToString("0.00", CultureInfo.InvariantCulture),
                    "start"));
            s.Append(Rect(Label + Bar + 40, y + 3, Math.Max(1, Bar * k.MissedRate), Row - 6, Grey));
            s.Append(
                Text(
                    Label + 2 * Bar + 44, y + 13, k.MissedRate.ToString(
                        "0.0%", CultureInfo.InvariantCulture), "start"));
        }
        return s.Append("</svg>").ToString();
    }

    private static string Svg(int width, int height) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" " +
            $"viewBox=\"0 0 {width} {height}\" role=\"img\">");

    private static string Rect(double x, double y, double width, double height, string fill, string? title = null) =>
        FormattableString.Invariant(
            $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{width:0.#}\" height=\"{height:0.#}\" fill=\"{fill}\"") +
        (title is null ? "/>" : $"><title>{E(title)}</title></rect>");

    private static string Text(double x, double y, string text, string anchor) =>
        FormattableString.Invariant($"<text x=\"{x:0.#}\" y=\"{y:0.#}\" text-anchor=\"{anchor}\">{E(text)}</text>");

    private static string Percent(int part, int whole) =>
        whole == 0 ? "0%" : ((double)part / whole).ToString("0.0%", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private const string Style = """
<style>
  body { font-family: system-ui, sans-serif; margin: 20px; color: #222; background: #fff; }
  h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 22px; }
  h2 small { font-weight: normal; color: #666; }
  .summary { color: #444; }
  table { border-collapse: collapse; font-size: 13px; }
  th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: right; }
  th:first-child, td:first-child { text-align: left; font-family: ui-monospace, monospace; }
  th { cursor: pointer; background: #f3f3f3; user-select: none; }
  th.sorted-asc::after { content: " ▲"; } th.sorted-desc::after { content: " ▼"; }
  tr.flag td:first-child { border-left: 4px solid #d62728; }
  td.bad { color: #d62728; font-weight: 600; }
  .charts { display: flex; flex-wrap: wrap; gap: 18px; margin-top: 18px; }
  figure { margin: 0; padding: 10px; border: 1px solid #e3e3e3; border-radius: 6px; }
  figcaption { font-size: 13px; color: #444; max-width: 520px; margin-top: 6px; }
  svg text { font-size: 11px; fill: #333; }
  .legend { font-size: 13px; color: #444; max-width: 940px; }
  dl.reasons { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; font-size: 12px; max-width: 520px;
               margin: 6px 0 0; }
  dl.reasons dt { font-family: ui-monospace, monospace; } dl.reasons dd { margin: 0; color: #444; }
</style>

""";

    private const string SortScript = """
<script>
(function () {
  var table = document.getElementById('workers');
  table.querySelectorAll('th').forEach(function (th, column) {
    th.addEventListener('click', function () {
      var numeric = th.getAttribute('data-numeric') === '1';
      var descending = !th.classList.contains('sorted-desc');
      table.querySelectorAll('th').forEach(function (o) { o.classList.remove('sorted-asc', 'sorted-desc'); });
      th.classList.add(descending ? 'sorted-desc' : 'sorted-asc');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column], y = b.cells[column];
        var c = numeric ? parseFloat(x.getAttribute('data-v')) - parseFloat(y.getAttribute('data-v'))
                        : x.textContent.localeCompare(y.textContent);
        return descending ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  document.body.setAttribute('data-ready', '1');
})();
</script>

""";
}
