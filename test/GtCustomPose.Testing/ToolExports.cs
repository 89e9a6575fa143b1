using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Simulation;

namespace GtCustomPose.Testing;

/// <summary>
/// Simulated answers written as other labeling tools export them: one COCO Keypoints file per annotator in CVAT's
/// COCO Keypoints layout, one CVAT for images 1.1 XML file per annotator (a replica job each), or one Label Studio
/// JSON export. Image <c>i</c> is <c>images/NNNNNN.png</c>; an absent point keeps made-up coordinates where the tool
/// keeps them (CVAT), so a reader that used them would be caught.
/// </summary>
public static class ToolExports
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The key (file name) of object <paramref name="i"/>.</summary>
    public static string Key(int i) => $"images/{i:D6}.png";

    /// <summary>Annotators in the order first seen, each with the (object, answer) pairs it gave.</summary>
    public static List<(string Worker, List<(int Object, SimulatedAnswer Answer)> Answers)> ByAnnotator(
        IReadOnlyList<SimulatedObject> objects)
    {
        var order = new List<string>();
        var by = new Dictionary<string, List<(int, SimulatedAnswer)>>(StringComparer.Ordinal);
        for (var i = 0; i < objects.Count; i++)
            foreach (var a in objects[i].Answers)
            {
                if (!by.TryGetValue(a.WorkerId, out var list)) { by[a.WorkerId] = list = []; order.Add(a.WorkerId); }
                list.Add((i, a));
            }
        return order.Select(w => (w, by[w])).ToList();
    }

    /// <summary>One COCO file per annotator in <paramref name="folder"/>; the files' paths.</summary>
    public static List<string> WriteCoco(string folder, IReadOnlyList<SimulatedObject> objects, Rig rig,
        long categoryId = 1, bool annotatorField = false)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        var n = 0;
        foreach (var (worker, answers) in ByAnnotator(objects))
        {
            var path = Path.Combine(folder, $"annotator-{++n:D3}.json");
            using (var stream = File.Create(path)) Coco(stream, worker, answers, objects, rig, categoryId,
                annotatorField);
            paths.Add(path);
        }
        return paths;
    }

    private static void Coco(Stream stream, string worker, List<(int Object, SimulatedAnswer Answer)> answers,
        IReadOnlyList<SimulatedObject> objects, Rig rig, long categoryId, bool annotatorField)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        if (annotatorField) w.WriteString("annotator", worker);
        w.WriteStartObject("info");
        w.WriteString("description", "");
        w.WriteEndObject();
        w.WriteStartArray("categories");
        w.WriteStartObject();
        w.WriteNumber("id", categoryId);
        w.WriteString("name", "person");
        w.WriteString("supercategory", "");
        w.WriteStartArray("keypoints");
        foreach (var k in rig.Keypoints) w.WriteStringValue(k.Label);
        w.WriteEndArray();
        w.WriteStartArray("skeleton");
        foreach (var e in rig.Edges)
        {
            w.WriteStartArray();
            w.WriteNumberValue(rig.IndexOf(e.From) + 1);
            w.WriteNumberValue(rig.IndexOf(e.To) + 1);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        // Each file numbers its own images, as CVAT's export of one job does.
        w.WriteStartArray("images");
        for (var i = 0; i < answers.Count; i++)
        {
            var o = objects[answers[i].Object];
            w.WriteStartObject();
            w.WriteNumber("id", i + 1);
            w.WriteNumber("width", o.ImageSize.Width);
            w.WriteNumber("height", o.ImageSize.Height);
            w.WriteString("file_name", Key(answers[i].Object));
            w.WriteNumber("license", 0);
            w.WriteString("flickr_url", "");
            w.WriteString("coco_url", "");
            w.WriteNumber("date_captured", 0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("annotations");
        var id = 0;
        for (var i = 0; i < answers.Count; i++)
            foreach (var d in answers[i].Answer.Drawn)
            {
                w.WriteStartObject();
                w.WriteNumber("id", ++id);
                w.WriteNumber("image_id", i + 1);
                w.WriteNumber("category_id", categoryId);
                w.WriteStartArray("segmentation");
                w.WriteEndArray();
                double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
                var count = 0;
                w.WriteStartArray("keypoints");
                for (var k = 0; k < rig.Count; k++)
                {
                    var absent = double.IsNaN(d.X[k]);
                    // CVAT keeps an outside point's coordinates with v = 0.
                    w.WriteNumberValue(absent ? 11.5 : d.X[k]);
                    w.WriteNumberValue(absent ? 7.25 : d.Y[k]);
                    w.WriteNumberValue(absent ? 0 : 2);
                    if (absent) continue;
                    count++;
                    minX = Math.Min(minX, d.X[k]); maxX = Math.Max(maxX, d.X[k]);
                    minY = Math.Min(minY, d.Y[k]); maxY = Math.Max(maxY, d.Y[k]);
                }
                w.WriteEndArray();
                w.WriteNumber("num_keypoints", count);
                w.WriteNumber("area", (maxX - minX) * (maxY - minY));
                w.WriteStartArray("bbox");
                foreach (var v in new[] { minX, minY, maxX - minX, maxY - minY }) w.WriteNumberValue(v);
                w.WriteEndArray();
                w.WriteNumber("iscrowd", 0);
                w.WriteStartObject("attributes");
                w.WriteBoolean("occluded", false);
                w.WriteEndObject();
                w.WriteEndObject();
            }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One CVAT for images 1.1 file per annotator (its replica job) in <paramref name="folder"/>.</summary>
    public static List<string> WriteCvat(string folder, IReadOnlyList<SimulatedObject> objects, Rig rig)
    {
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        var n = 0;
        foreach (var (worker, answers) in ByAnnotator(objects))
        {
            var path = Path.Combine(folder, $"job-{++n:D3}.xml");
            using (var xml = XmlWriter.Create(path, new XmlWriterSettings { Indent = true }))
                Cvat(xml, worker, answers, objects, rig);
            paths.Add(path);
        }
        return paths;
    }

    private static void Cvat(XmlWriter x, string worker, List<(int Object, SimulatedAnswer Answer)> answers,
        IReadOnlyList<SimulatedObject> objects, Rig rig)
    {
        x.WriteStartElement("annotations");
        x.WriteElementString("version", "1.1");
        x.WriteStartElement("meta");
        x.WriteStartElement("job");
        x.WriteElementString("id", "7");
        x.WriteStartElement("owner");
        x.WriteElementString("username", "project-owner");
        x.WriteElementString("email", "owner@example.com");
        x.WriteEndElement();
        x.WriteStartElement("assignee");
        x.WriteElementString("username", worker);
        x.WriteElementString("email", "");
        x.WriteEndElement();
        x.WriteStartElement("labels");
        x.WriteStartElement("label");
        x.WriteElementString("name", "person");
        x.WriteElementString("color", "#33ddff");
        x.WriteElementString("type", "skeleton");
        x.WriteStartElement("attributes");
        x.WriteEndElement();
        var svg = new StringBuilder();
        // CVAT numbers nodes from 1; ids here skip 3 as after a deleted node, so node order, not id, is what counts.
        var ids = Enumerable.Range(0, rig.Count).Select(i => i < 2 ? i + 1 : i + 2).ToArray();
        foreach (var e in rig.Edges)
            svg.Append(C, $"<line x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\" data-type=\"edge\" ")
                .Append(C, $"data-node-from=\"{ids[rig.IndexOf(e.From)]}\" data-node-to=\"{ids[rig.IndexOf(e.To)]}\">")
                .Append("</line>");
        for (var i = 0; i < rig.Count; i++)
            svg.Append(C, $"<circle r=\"0.75\" cx=\"1\" cy=\"1\" data-type=\"element node\" ")
                .Append(C, $"data-element-id=\"{i + 2}\" data-node-id=\"{ids[i]}\" ")
                .Append(C, $"data-label-name=\"{rig.Keypoints[i].Label}\"></circle>");
        x.WriteElementString("svg", svg.ToString());
        x.WriteEndElement();
        foreach (var k in rig.Keypoints)
        {
            x.WriteStartElement("label");
            x.WriteElementString("name", k.Label);
            x.WriteElementString("color", "#d12345");
            x.WriteElementString("type", "points");
            x.WriteStartElement("attributes");
            x.WriteEndElement();
            x.WriteElementString("parent", "person");
            x.WriteEndElement();
        }
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteElementString("dumped", "2026-12-06 12:00:00+00:00");
        x.WriteEndElement();
        for (var i = 0; i < answers.Count; i++)
        {
            var o = objects[answers[i].Object];
            x.WriteStartElement("image");
            x.WriteAttributeString("id", (i + 1).ToString(C));
            x.WriteAttributeString("name", Key(answers[i].Object));
            x.WriteAttributeString("width", o.ImageSize.Width.ToString(C));
            x.WriteAttributeString("height", o.ImageSize.Height.ToString(C));
            foreach (var d in answers[i].Answer.Drawn)
            {
                x.WriteStartElement("skeleton");
                x.WriteAttributeString("label", "person");
                x.WriteAttributeString("source", "manual");
                x.WriteAttributeString("z_order", "0");
                for (var k = 0; k < rig.Count; k++)
                {
                    var absent = double.IsNaN(d.X[k]);
                    x.WriteStartElement("points");
                    x.WriteAttributeString("label", rig.Keypoints[k].Label);
                    x.WriteAttributeString("source", "manual");
                    x.WriteAttributeString("outside", absent ? "1" : "0");
                    x.WriteAttributeString("occluded", "0");
                    x.WriteAttributeString("points", absent ? "3.00,4.00"
                        : string.Create(C, $"{d.X[k]:0.00},{d.Y[k]:0.00}"));
                    x.WriteEndElement();
                }
                x.WriteEndElement();
            }
            x.WriteEndElement();
        }
        x.WriteEndElement();
    }

    /// <summary>One Label Studio JSON export of every task, each answer an annotation with its keypoints grouped by a
    /// person rectangle (<c>parentID</c>).</summary>
    public static string WriteLabelStudio(string path, IReadOnlyList<SimulatedObject> objects, Rig rig)
    {
        var users = ByAnnotator(objects).Select((a, i) => (a.Worker, i + 1)).ToDictionary(p => p.Worker, p => p.Item2);
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartArray();
        var region = 0;
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            w.WriteStartObject();
            w.WriteNumber("id", i + 1);
            w.WriteStartObject("data");
            w.WriteString("image", Key(i));
            w.WriteEndObject();
            w.WriteStartArray("annotations");
            foreach (var a in o.Answers)
            {
                w.WriteStartObject();
                w.WriteNumber("id", 1000 + region);
                w.WriteNumber("completed_by", users[a.WorkerId]);
                w.WriteBoolean("was_cancelled", false);
                w.WriteStartArray("result");
                foreach (var d in a.Drawn)
                {
                    var parent = $"p{++region}";
                    w.WriteStartObject();
                    w.WriteString("id", parent);
                    w.WriteString("type", "rectanglelabels");
                    w.WriteEndObject();
                    for (var k = 0; k < rig.Count; k++)
                    {
                        if (double.IsNaN(d.X[k])) continue;
                        w.WriteStartObject();
                        w.WriteString("id", $"k{region}-{k}");
                        w.WriteString("type", "keypointlabels");
                        w.WriteString("parentID", parent);
                        w.WriteNumber("original_width", o.ImageSize.Width);
                        w.WriteNumber("original_height", o.ImageSize.Height);
                        w.WriteStartObject("value");
                        w.WriteNumber("x", d.X[k] / o.ImageSize.Width * 100);
                        w.WriteNumber("y", d.Y[k] / o.ImageSize.Height * 100);
                        w.WriteNumber("width", 0.5);
                        w.WriteStartArray("keypointlabels");
                        w.WriteStringValue(rig.Keypoints[k].Label);
                        w.WriteEndArray();
                        w.WriteEndObject();
                        w.WriteEndObject();
                    }
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        return path;
    }
}
