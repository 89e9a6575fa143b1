using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace GtCustomPose.Core.Interop;

/// <summary>
/// Reads a CVAT for images 1.1 XML file of one replica job with <see cref="XmlReader"/>, one image at a time. The
/// annotator is the job's (or task's) <c>&lt;assignee&gt;&lt;username&gt;</c> in <c>&lt;meta&gt;</c>, else the file;
/// the keypoint names and edges are the skeleton label's sublabels and <c>&lt;svg&gt;</c> in <c>&lt;meta&gt;</c> when
/// present. Each <c>&lt;image name width height&gt;</c> is an answer; each of its <c>&lt;skeleton label&gt;</c> a
/// person, whose <c>&lt;points label outside occluded points="x,y"&gt;</c> are its keypoints (<c>outside="1"</c> or
/// a missing element: absent; <c>occluded="1"</c>: hidden).
/// </summary>
internal static partial class CvatXmlReader
{
    /// <summary>Reads <paramref name="file"/> into <paramref name="session"/>.</summary>
    /// <param name="session">Receives images, answers, skeletons and problems.</param>
    /// <param name="file">From <see cref="ImportSession.AddFile"/>.</param>
    /// <param name="category">The skeleton label to read when the file has several.</param>
    public static void Read(ImportSession session, ImportFile file, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(file);
        var meta = new Meta();
        int? annotator = null;
        try
        {
            using var xml = XmlReader.Create(file.Path, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true, IgnoreComments = true,
            });
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element) continue;
                if (xml.Name == "meta") { meta.Read(xml.ReadSubtree()); continue; }
                if (xml.Name != "image" || xml.Depth != 1) continue;
                if (annotator is null)
                {
                    if (!meta.Choose(file, category, out var why)) { session.Exclude(file, why!); return; }
                    annotator = session.Annotator(meta.Assignee ?? file.Name);
                }
                Image(session, file, xml, annotator.Value);
            }
        }
        catch (XmlException e)
        {
            session.Exclude(file, $"not valid CVAT XML (line {e.LineNumber}: {e.Message})");
        }
    }

    private static void Image(ImportSession session, ImportFile file, XmlReader xml, int annotator)
    {
        var name = xml.GetAttribute("name");
        if (string.IsNullOrEmpty(name))
        {
            session.Problems.Add($"{file.Path}: <image id=\"{xml.GetAttribute("id")}\"> has no name; left out");
            return;
        }
        ImageSize? size = Int(xml.GetAttribute("width")) is { } w and > 0 && Int(xml.GetAttribute("height")) is
            { } h and > 0 ? new ImageSize(w, h) : null;
        if (size is null) session.Problems.Add($"{file.Path}: image '{name}': no width and height; points are not " +
            "checked against the image");
        var image = session.Image(file, name, size);
        var answer = session.Answer(file, annotator, image);
        if (xml.IsEmptyElement) return;
        var sub = xml.ReadSubtree();
        sub.Read();
        var ordinal = 0;
        while (sub.Read())
        {
            if (sub.NodeType != XmlNodeType.Element || sub.Depth != 1) continue;
            if (sub.Name != "skeleton") { session.Skip($"<{sub.Name}> shapes (not skeletons)"); continue; }
            ordinal++;
            if (file.Category == "") file.Category = sub.GetAttribute("label") ?? "";
            if (sub.GetAttribute("label") != file.Category) { session.Skip("skeletons of another label"); continue; }
            var points = Points(session, file, sub.ReadSubtree(), $"{file.Path}: image '{name}': skeleton {ordinal}");
            if (points.Count == 0) { session.Skip("skeletons without a placed keypoint"); continue; }
            session.Skeleton(file, answer, image, ordinal, points.ToArray());
        }
    }

    private static List<RawPoint> Points(ImportSession session, ImportFile file, XmlReader skeleton, string where)
    {
        var points = new List<RawPoint>();
        skeleton.Read();
        while (skeleton.Read())
        {
            if (skeleton.NodeType != XmlNodeType.Element || skeleton.Name != "points" || skeleton.Depth != 1) continue;
            var label = skeleton.GetAttribute("label") ?? "";
            var id = file.DeclaresNames ? file.KnownNameId(label) : file.NameId(label);
            if (id < 0)
            {
                session.Problems.Add($"{where}: points label '{label}' is not a point of skeleton " +
                    $"'{file.Category}'; left out");
                continue;
            }
            if (skeleton.GetAttribute("outside") == "1") continue;
            var xy = (skeleton.GetAttribute("points") ?? "").Split(',');
            if (xy.Length != 2 || !double.TryParse(xy[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                || !double.TryParse(xy[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            {
                session.Problems.Add($"{where}: '{label}' points=\"{skeleton.GetAttribute("points")}\" is not " +
                    "\"x,y\"; left out");
                continue;
            }
            points.Add(new RawPoint(id, x, y, skeleton.GetAttribute("occluded") != "1"));
        }
        return points;
    }

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    // What <meta> says: the assignee and the labels.
    private sealed partial class Meta
    {
        private readonly List<(string Name, string Type, string? Parent, string? Svg)> _labels = [];
        public string? Assignee { get; private set; }

        public void Read(XmlReader meta)
        {
            string? name = null, type = null, parent = null, svg = null;
            var inLabel = false;
            // Reading an element's content moves the reader past it already: the next Read would skip a node.
            var advanced = false;
            while (advanced || meta.Read())
            {
                advanced = false;
                if (meta.NodeType == XmlNodeType.EndElement && meta.Name == "label" && inLabel)
                {
                    if (name is not null) _labels.Add((name, type ?? "", parent, svg));
                    inLabel = false;
                    continue;
                }
                if (meta.NodeType != XmlNodeType.Element) continue;
                switch (meta.Name)
                {
                    case "assignee" when !meta.IsEmptyElement:
                        using (var who = meta.ReadSubtree()) Assignee = Username(who);
                        break;
                    case "label":
                        (inLabel, name, type, parent, svg) = (true, null, null, null, null);
                        break;
                    case "name" when inLabel && name is null:
                        name = meta.ReadElementContentAsString();
                        advanced = true;
                        break;
                    case "type" when inLabel:
                        type = meta.ReadElementContentAsString();
                        advanced = true;
                        break;
                    case "parent" when inLabel:
                        parent = NullIfBlank(meta.ReadElementContentAsString());
                        advanced = true;
                        break;
                    case "svg" when inLabel:
                        svg = meta.ReadInnerXml();
                        advanced = true;
                        break;
                    case "attributes" when inLabel:
                        meta.Skip();
                        advanced = true;
                        break;
                }
            }
        }

        private static string? Username(XmlReader assignee)
        {
            while (assignee.Read())
                if (assignee.NodeType == XmlNodeType.Element && assignee.Name == "username")
                    return NullIfBlank(assignee.ReadElementContentAsString());
            return null;
        }

        /// <summary>Picks the skeleton label and declares its points; false with the reason when it cannot.</summary>
        public bool Choose(ImportFile file, string? wanted, out string? why)
        {
            why = null;
            var skeletons = _labels.Where(l => l.Type == "skeleton").ToList();
            if (skeletons.Count == 0)
            {
                // No <meta> labels: the skeleton label and its points are whatever the images use.
                file.Category = wanted ?? "";
                if (wanted is not null || _labels.Count == 0) return TakeFirstUsed(file);
                why = "<meta> lists no skeleton label";
                return false;
            }
            var chosen = wanted is null ? skeletons : skeletons.Where(s => s.Name == wanted).ToList();
            if (chosen.Count != 1)
            {
                var list = string.Join(", ", skeletons.Select(s => $"'{s.Name}'"));
                why = wanted is null ? $"several skeleton labels ({list}): give --category NAME"
                    : $"no skeleton label '{wanted}' (it has {list})";
                return false;
            }
            var skeleton = chosen[0];
            file.Category = skeleton.Name;
            var nodes = Nodes(skeleton.Svg);
            var points = _labels.Where(l => l.Parent == skeleton.Name).Select(l => l.Name).ToList();
            foreach (var n in nodes.Order.Where(points.Contains)) file.NameId(n);
            foreach (var p in points) file.NameId(p);
            foreach (var (a, b) in nodes.Edges)
                if (nodes.ById.TryGetValue(a, out var from) && nodes.ById.TryGetValue(b, out var to))
                    file.Edges.Add((from, to));
            file.DeclaresNames = points.Count > 0;
            return true;
        }

        private static bool TakeFirstUsed(ImportFile file)
        {
            file.DeclaresNames = false;
            return true;
        }

        private static (List<string> Order, Dictionary<string, string> ById, List<(string, string)> Edges) Nodes(
            string? svg)
        {
            var byId = new Dictionary<string, string>(StringComparer.Ordinal);
            var edges = new List<(string, string)>();
            var text = System.Net.WebUtility.HtmlDecode(svg ?? "");
            foreach (Match m in Circle().Matches(text))
            {
                var id = Attribute(m.Value, "data-node-id");
                var label = Attribute(m.Value, "data-label-name");
                if (id is not null && label is not null) byId.TryAdd(id, label);
            }
            foreach (Match m in Line().Matches(text))
                if (Attribute(m.Value, "data-node-from") is { } a && Attribute(m.Value, "data-node-to") is { } b)
                    edges.Add((a, b));
            var order = byId.OrderBy(p => Int(p.Key) ?? int.MaxValue).Select(p => p.Value).ToList();
            return (order, byId, edges);
        }

        private static string? Attribute(string element, string name)
        {
            var m = Regex.Match(element, $"{name}=\"([^\"]*)\"", RegexOptions.CultureInvariant);
            return m.Success ? m.Groups[1].Value : null;
        }

        private static string? NullIfBlank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

        [GeneratedRegex("<circle[^>]*>", RegexOptions.CultureInvariant)]
        private static partial Regex Circle();

        [GeneratedRegex("<line[^>]*>", RegexOptions.CultureInvariant)]
        private static partial Regex Line();
    }
}
