using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GtCustomPose.Cli.Jobs;
using GtCustomPose.Cli.Templates;
using GtCustomPose.Core;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Pre;
using GtCustomPose.Core.Rigs;
using GtCustomPose.Testing;

namespace GtCustomPose.Cli.Tests.Templates;

/// <summary>
/// Renders the skeleton template as Ground Truth would (PreAnnotation's taskInput through the Liquid renderer), serves
/// it on 127.0.0.1 with the crowd elements stand-in, and drives it with test/browser/worker-page.mjs.
/// </summary>
internal sealed class WorkerPage : IDisposable
{
    private static readonly JsonSerializerOptions Plain =
        new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    private readonly StaticServer _server = new();

    public WorkerPage() =>
        _server.Add(
            "/assets/crowd-html-elements.js",
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "crowd-elements-stand-in.js")),
            "text/javascript");

    public static string Screenshots { get; } = Repo.PathOf("artifacts", "screenshots");

    /// <summary>
    /// PreAnnotation's taskInput for one line; initial values and audit hints set as a later job's line has them.
    /// </summary>
    public static JsonElement TaskInput(
        Rig rig, string imageUri, IReadOnlyList<SkeletonInstance>? initial = null, object? audit = null)
    {
        var line = new Dictionary<string, object> { ["source-ref"] = imageUri };
        if (audit is not null) line[PreAnnotationMapper.AuditKey] = audit;
        var evt = JsonSerializer.Serialize(new { labelingJobArn = "arn:job", dataObject = line }, Plain);
        var input = PreAnnotationMapper
            .Map(JsonDocument.Parse(evt).RootElement, new PreAnnotationSettings(rig))
            .TaskInput;
        // Facing and visibility of initial values are what this page shows; set them as PreAnnotation maps a label.
        if (initial is not null)
        {
            input = input with
            {
                InitialValues = initial.Select(InitialValue.From).ToArray(),
                InitialValuesSource = "pre-labels",
            };
        }
        return JsonSerializer.SerializeToElement(input, CoreJsonContext.Default.TaskInput);
    }

    /// <summary>A PNG of the figures' rig lines (what the worker would see).</summary>
    public static byte[] Image(ImageSize size, IEnumerable<SkeletonInstance> people)
    {
        var canvas = new Canvas(size.Width, size.Height, (236, 239, 241));
        foreach (var p in people)
        {
            var at = p.Keypoints.ToDictionary(k => k.Label);
            foreach (var e in Rig.Coco17.Edges)
            {
                if (at.TryGetValue(e.From, out var a) && at.TryGetValue(e.To, out var b))
                {
                    canvas.Line(a.X, a.Y, b.X, b.Y, 5, Canvas.Parse(e.Color));
                }
            }
        }
        return canvas.ToPng();
    }

    /// <summary>
    /// Renders the template with the input, the image behind grant_read_access; returns the page's URL.
    /// </summary>
    public string Render(JsonElement input, byte[] png, string page)
    {
        _server.Add(page + ".png", png, "image/png");
        var renderer = new LiquidRenderer(uri => page + ".png?u=" + WebUtility.UrlEncode(uri));
        var html = renderer.Render(File.ReadAllText(Repo.PathOf("template", "pose-skeleton.liquid.html")), input);
        html = html.Replace(
            "https://assets.crowd.aws/crowd-html-elements.js",
            "/assets/crowd-html-elements.js",
            StringComparison.Ordinal);
        _server.Add(page, html);
        return _server.Url(page);
    }

    /// <summary>
    /// Runs the steps in chromium at the viewport size and returns what the page showed and submitted.
    /// </summary>
    public Task<PageRun> RunAsync(string url, int width, int height, string name, params object[] steps) =>
        RunAsync(url, width, height, name, false, steps);

    /// <summary>
    /// As above; <paramref name="offline"/>: any request other than file: and data: counts as a page error.
    /// </summary>
    public async Task<PageRun> RunAsync(
        string url, int width, int height, string name, bool offline, params object[] steps)
    {
        using var folder = new TempFolder("gtpose-plan");
        var plan = Path.Combine(folder, "plan.json");
        await File.WriteAllTextAsync(
            plan,
            JsonSerializer.Serialize(new { url, width, height, offline, screenshots = Screenshots, steps }, Plain));
        return new PageRun(await BrowserScript.RunAsync("worker-page.mjs", name, plan));
    }

    public void Dispose() => _server.Dispose();
}
