using System.Text;
using System.Text.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Simulation;

/// <summary>A skeleton as it really is. Pixels, top-left origin; invisible keypoints have a position but no worker
/// should place them.</summary>
public sealed record TruthInstance(double[] X, double[] Y, bool[] Visible)
{
    /// <summary>Box area of the visible keypoints, the OKS scale s² (at least 32 x 32 px).</summary>
    public double Area
    {
        get
        {
            var xs = X.Where((_, i) => Visible[i]).ToArray();
            var ys = Y.Where((_, i) => Visible[i]).ToArray();
            return xs.Length == 0 ? 1024 : Math.Max(1024, (xs.Max() - xs.Min()) * (ys.Max() - ys.Min()));
        }
    }
}

/// <summary>What the simulator knows about one skeleton of one answer: the oracle's view.</summary>
/// <param name="TruthIndex">Which truth instance the worker drew; -1 for a skeleton of no one
/// (<see cref="SimulationSettings.PhantomSkeleton"/>).</param>
/// <param name="Mirrored">The worker drew it mirrored (left and right exchanged).</param>
/// <param name="X">The drawn keypoints, truth rig order, NaN when not placed, before any mirroring is undone.</param>
/// <param name="Y">As <paramref name="X"/>.</param>
/// <param name="Outlier">Which placed keypoints are outlier clicks.</param>
/// <param name="SwappedPairs">How many single left/right pairs the worker swapped.</param>
/// <param name="Sources">Per label, the truth keypoint the worker put it on (mirroring and swaps included).</param>
public sealed record DrawnInstance(
    int TruthIndex, bool Mirrored, double[] X, double[] Y, bool[] Outlier, int SwappedPairs, int[] Sources);

/// <summary>One simulated worker answer in the crowd-2d-skeleton form, with the oracle's view of it.</summary>
public sealed record SimulatedAnswer(
    string WorkerId, double NoiseRelative, string Content, IReadOnlyList<DrawnInstance> Drawn);

/// <summary>One simulated data object: truth and answers.</summary>
public sealed record SimulatedObject(
    string DatasetObjectId,
    string ImageUri,
    ImageSize ImageSize,
    IReadOnlyList<TruthInstance> Truth,
    IReadOnlyList<SimulatedAnswer> Answers);

/// <summary>Simulator settings: probabilities per worker skeleton, keypoint or left/right pair.</summary>
public sealed record SimulationSettings
{
    /// <summary>Workers per object (1 to 9 in Ground Truth).</summary>
    public int WorkersPerObject { get; init; } = 3;
    /// <summary>Skeletons per image: uniformly between 1 and this.</summary>
    public int MaxInstances { get; init; } = 3;
    /// <summary>When true every image has exactly <see cref="MaxInstances"/> skeletons.</summary>
    public bool FixedInstanceCount { get; init; }
    /// <summary>Size of the workforce the workers are drawn from.</summary>
    public int WorkforceSize { get; init; } = 30;
    /// <summary>Image size in pixels.</summary>
    public ImageSize ImageSize { get; init; } = new(1280, 720);
    /// <summary>Chance a truth keypoint is occluded (not visible).</summary>
    public double Occluded { get; init; } = 0.1;
    /// <summary>Chance a worker leaves out a visible keypoint.</summary>
    public double MissKeypoint { get; init; } = 0.04;
    /// <summary>Chance a worker places an occluded keypoint anyway (a guess).</summary>
    public double GuessOccluded { get; init; } = 0.3;
    /// <summary>Chance a click lands anywhere on the skeleton's box instead of on the keypoint (doubled for poor
    /// workers).</summary>
    public double OutlierClick { get; init; } = 0.03;
    /// <summary>Chance a worker draws a whole skeleton mirrored (doubled for poor workers).</summary>
    public double MirrorSkeleton { get; init; } = 0.06;
    /// <summary>Chance a worker swaps one left/right pair.</summary>
    public double SwapPair { get; init; } = 0.02;
    /// <summary>
    /// People seen from behind show no nose or eyes (they count as occluded), as in photos; false draws faces on every
    /// person, facing the camera or not, as the first versions of this simulator did. Default true.
    /// </summary>
    public bool HideFaceFromBehind { get; init; } = true;
    /// <summary>Chance a worker misses a whole skeleton (doubled for poor workers).</summary>
    public double MissInstance { get; init; } = 0.04;
    /// <summary>
    /// Chance a worker's answer holds a skeleton of no one as well (a figure on a poster, a person outside the task's
    /// brief), drawn where no truth person stands; doubled for poor workers, and careless ones' factor. Default 0.
    /// </summary>
    public double PhantomSkeleton { get; init; }
    /// <summary>Share of the workforce that is careful (click noise 0.2 of a keypoint's tolerance). Default
    /// 0.5.</summary>
    public double CarefulShare { get; init; } = 0.5;
    /// <summary>Share of the workforce that is poor (noise 1.0, and twice the outlier, mirror and missed-person
    /// rates); the rest is average (noise 0.45). Default 0.15.</summary>
    public double PoorShare { get; init; } = 0.15;
    /// <summary>
    /// Share of the workforce that clicks carelessly fast, whatever its noise: <see cref="CarelessFactor"/> times the
    /// outlier, mirror and missed-person rates. Every 1/share-th worker of the workforce, so the other workers'
    /// draws stay those of a crowd without them. Default 0.
    /// </summary>
    public double CarelessShare { get; init; }
    /// <summary>How many times more often a careless worker mirrors, clicks outliers and skips people. Default
    /// 5.</summary>
    public double CarelessFactor { get; init; } = 5;
    /// <summary>
    /// Share of the workforce that names left and right from its own side, not the person's: it mirrors every person
    /// facing the camera (and, as anyone, mirrors at <see cref="MirrorSkeleton"/> on top), and labels people seen
    /// from behind right. Every 1/share-th worker counted from the end of the workforce, so no other draw changes.
    /// Rigs without shoulders named <c>left_shoulder</c> and <c>right_shoulder</c> are not affected. Default 0.
    /// </summary>
    public double ViewerSideShare { get; init; }
}

/// <summary>
/// Generates labeling batches with known truth: workers of mixed skill (click noise proportional to each keypoint's
/// OKS sigma and the skeleton's scale), outlier clicks, left/right mirrors and pair swaps, missed keypoints and missed
/// skeletons. Deterministic for a seed. Answers are crowd-2d-skeleton forms with integer pixel coordinates.
/// </summary>
public sealed class WorkerSimulator
{
    private readonly Rig _rig;
    private readonly SimulationSettings _settings;
    private readonly Random _random;
    private readonly (string Id, double Noise, bool Careless, bool ViewerSide)[] _workforce;
    private readonly double[][] _template;
    private readonly bool[] _face;
    private readonly int _leftShoulder, _rightShoulder;

    /// <summary>Creates a simulator.</summary>
    public WorkerSimulator(Rig rig, SimulationSettings settings, int seed)
    {
        _rig = rig;
        _settings = settings;
        _random = new Random(seed);
        var size = Math.Max(settings.WorkforceSize, settings.WorkersPerObject);
        _workforce = Enumerable.Range(0, size).Select(i =>
        {
            var u = _random.NextDouble();
            // By default half the workforce is careful, a third average, the rest poor.
            var noise = u < settings.CarefulShare ? 0.2 : u < 1 - settings.PoorShare ? 0.45 : 1.0;
            var careless = Math.Floor((i + 1) * settings.CarelessShare) > Math.Floor(i * settings.CarelessShare);
            var fromEnd = size - 1 - i;
            var viewerSide = Math.Floor((fromEnd + 1) * settings.ViewerSideShare)
                > Math.Floor(fromEnd * settings.ViewerSideShare);
            return ($"private.us-west-2.{_random.Next():x8}{i:x4}", noise, careless, viewerSide);
        }).ToArray();
        _template = Template(rig);
        _face = rig.Keypoints.Select(p => p.Label is "nose" or "left_eye" or "right_eye").ToArray();
        (_leftShoulder, _rightShoulder) = (rig.IndexOf("left_shoulder"), rig.IndexOf("right_shoulder"));
    }

    /// <summary>Generates <paramref name="count"/> objects; images are named
    /// <c>s3://{bucket}/images/NNNNN.png</c>.</summary>
    public List<SimulatedObject> Generate(int count, string bucket = "gtpose-sim") =>
        Enumerable.Range(0, count).Select(
            i => Next(
                i.ToString(System.Globalization.CultureInfo.InvariantCulture), $"s3://{bucket}/images/{i:D5}.png"))
            .ToList();

    /// <summary>Generates one object.</summary>
    public SimulatedObject Next(string datasetObjectId, string imageUri)
    {
        var size = _settings.ImageSize;
        var count = _settings.FixedInstanceCount ? _settings.MaxInstances : 1 + _random.Next(_settings.MaxInstances);
        var truth = Enumerable.Range(0, count).Select(_ => Person(size)).ToList();
        var workers = _workforce.OrderBy(_ => _random.Next()).Take(_settings.WorkersPerObject).ToList();
        var answers = workers.Select(w => Answer(w, truth, imageUri, size)).ToList();
        return new SimulatedObject(datasetObjectId, imageUri, size, truth, answers);
    }

    /// <summary>Answers of <see cref="SimulationSettings.WorkersPerObject"/> workers for an image whose truth is
    /// given.</summary>
    public IReadOnlyList<SimulatedAnswer> Answers(
        IReadOnlyList<TruthInstance> truth, ImageSize size, string imageUri) =>
        _workforce.OrderBy(_ => _random.Next()).Take(_settings.WorkersPerObject).Select(
            w => Answer(w, truth.ToList(), imageUri, size)).ToList();

    private DrawnInstance Phantom(double noise, ImageSize size)
    {
        var figure = Person(size);
        var k = _rig.Count;
        var scale = Math.Sqrt(figure.Area);
        double[] x = new double[k], y = new double[k];
        for (var i = 0; i < k; i++)
        {
            var sd = noise * scale * 2 * _rig.Sigmas[i];
            x[i] = Math.Clamp(Math.Round(figure.X[i] + Gaussian() * sd), 0, size.Width - 1);
            y[i] = Math.Clamp(Math.Round(figure.Y[i] + Gaussian() * sd), 0, size.Height - 1);
        }
        return new DrawnInstance(-1, false, x, y, new bool[k], 0, Enumerable.Range(0, k).ToArray());
    }

    /// <summary>A random person (or rig figure) standing in an image of the given size.</summary>
    public TruthInstance RandomFigure(ImageSize size) => Person(size);

    private TruthInstance Person(ImageSize size)
    {
        var k = _rig.Count;
        var height = 150 + _random.NextDouble() * 300;
        // Facing the camera or away, turned a little or a lot: the width factor nears 0 in profile.
        var width = (0.5 + _random.NextDouble() * 0.7) * (_random.NextDouble() < 0.5 ? 1 : -1);
        var left = 0.2 * height + _random.NextDouble() * Math.Max(1, size.Width - 0.4 * height);
        var top = 5 + _random.NextDouble() * Math.Max(1, size.Height - height - 10);
        double[] x = new double[k], y = new double[k];
        var visible = new bool[k];
        for (var i = 0; i < k; i++)
        {
            x[i] = left + (_template[i][0] * width + Gaussian() * 0.03) * height;
            y[i] = top + (_template[i][1] + Gaussian() * 0.02) * height;
            visible[i] = _random.NextDouble() >= _settings.Occluded
                && !(width < 0 && _settings.HideFaceFromBehind && _face[i]);
        }
        return new TruthInstance(x, y, visible);
    }

    private SimulatedAnswer Answer(
        (string Id, double Noise, bool Careless, bool ViewerSide) worker, List<TruthInstance> truth, string imageUri,
        ImageSize size)
    {
        var (workerId, noise, careless) = (worker.Id, worker.Noise, worker.Careless);
        var poor = (noise >= 1.0 ? 2.0 : 1.0) * (careless ? _settings.CarelessFactor : 1.0);
        var drawn = new List<DrawnInstance>();
        for (var t = 0; t < truth.Count; t++)
        {
            if (_random.NextDouble() < _settings.MissInstance * poor) continue;
            var instance = truth[t];
            var scale = Math.Sqrt(instance.Area);
            var k = _rig.Count;
            var order = Enumerable.Range(0, k).ToArray();
            var mirrored = _random.NextDouble() < _settings.MirrorSkeleton * poor;
            // The person's left shoulder on the image's right: it faces the camera (the template's left is +x).
            if (worker.ViewerSide && _leftShoulder >= 0 && _rightShoulder >= 0
                && instance.X[_leftShoulder] > instance.X[_rightShoulder])
                mirrored = !mirrored;
            if (mirrored) order = order.Select(i => _rig.FlipIndex[i]).ToArray();
            var swappedPairs = 0;
            for (var i = 0; i < k; i++)
            {
                var j = _rig.FlipIndex[i];
                if (j > i && _random.NextDouble() < _settings.SwapPair)
                {
                    (order[i], order[j]) = (order[j], order[i]);
                    swappedPairs++;
                }
            }
            double[] x = new double[k], y = new double[k];
            var outlier = new bool[k];
            double minX = instance.X.Min(), maxX = instance.X.Max(), minY = instance.Y.Min(), maxY = instance.Y.Max();
            for (var i = 0; i < k; i++)
            {
                // The worker puts label i where truth keypoint order[i] is.
                var src = order[i];
                var place = instance.Visible[src]
                    ? _random.NextDouble() >= _settings.MissKeypoint
                    : _random.NextDouble() < _settings.GuessOccluded;
                if (!place) { x[i] = y[i] = double.NaN; continue; }
                var sd = noise * scale * 2 * _rig.Sigmas[src] * (instance.Visible[src] ? 1 : 2);
                if (_random.NextDouble() < _settings.OutlierClick * poor)
                {
                    outlier[i] = true;
                    x[i] = minX + _random.NextDouble() * (maxX - minX);
                    y[i] = minY + _random.NextDouble() * (maxY - minY);
                }
                else
                {
                    x[i] = instance.X[src] + Gaussian() * sd;
                    y[i] = instance.Y[src] + Gaussian() * sd;
                }
                x[i] = Math.Clamp(Math.Round(x[i]), 0, size.Width - 1);
                y[i] = Math.Clamp(Math.Round(y[i]), 0, size.Height - 1);
            }
            drawn.Add(new DrawnInstance(t, mirrored, x, y, outlier, swappedPairs, order));
        }
        // Drawn only when asked for, so every other crowd's draws stay as they were.
        if (_settings.PhantomSkeleton > 0 && _random.NextDouble() < _settings.PhantomSkeleton * poor)
            drawn.Add(Phantom(noise, size));
        // Workers list skeletons in their own order.
        drawn = drawn.OrderBy(_ => _random.Next()).ToList();
        var time = Math.Round(10 + _random.NextDouble() * 60 * truth.Count);
        return new SimulatedAnswer(workerId, noise, Content(drawn, imageUri, size, time), drawn);
    }

    // JSON.stringify in the worker's browser escapes a quote as \", not as \u0022: answers are as long as real ones.
    private static readonly JsonWriterOptions BrowserEscaping = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private string Content(List<DrawnInstance> drawn, string imageUri, ImageSize size, double time)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            for (var n = 0; n < drawn.Count; n++)
            {
                w.WriteStartObject();
                w.WriteString("name", $"skeleton_{n + 1}");
                w.WriteStartArray("annotations");
                for (var i = 0; i < _rig.Count; i++)
                {
                    if (double.IsNaN(drawn[n].X[i])) continue;
                    w.WriteStartObject();
                    w.WriteString("label", _rig.Keypoints[i].Label);
                    w.WriteNumber("x", drawn[n].X[i]);
                    w.WriteNumber("y", drawn[n].Y[i]);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        var updated = Encoding.UTF8.GetString(buffer.ToArray());
        using var form = new MemoryStream();
        using (var w = new Utf8JsonWriter(form, BrowserEscaping))
        {
            w.WriteStartObject();
            w.WriteString("updated_annotations", updated);
            w.WriteString("original_annotations", "[]");
            w.WriteString("image_s3_uri", imageUri);
            w.WriteString("image_name", imageUri[(imageUri.LastIndexOf('/') + 1)..]);
            w.WriteNumber("image_width", size.Width);
            w.WriteNumber("image_height", size.Height);
            w.WriteBoolean("no_changes_needed", false);
            w.WriteNumber("total_time_in_seconds", time);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(form.ToArray());
    }

    private double Gaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A standing person facing the camera, in units of its height (x from the body's centre line, y down from
    /// the head's top), for the COCO labels; other rigs get a fixed spread of points.</summary>
    private static double[][] Template(Rig rig)
    {
        var coco = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            ["nose"] = [0, 0.07], ["left_eye"] = [0.025, 0.055], ["right_eye"] = [-0.025, 0.055],
            ["left_ear"] = [0.05, 0.065], ["right_ear"] = [-0.05, 0.065], ["left_shoulder"] = [0.11, 0.19],
            ["right_shoulder"] = [-0.11, 0.19], ["left_elbow"] = [0.14, 0.33], ["right_elbow"] = [-0.14, 0.33],
            ["left_wrist"] = [0.15, 0.46], ["right_wrist"] = [-0.15, 0.46], ["left_hip"] = [0.07, 0.5],
            ["right_hip"] = [-0.07, 0.5], ["left_knee"] = [0.08, 0.72], ["right_knee"] = [-0.08, 0.72],
            ["left_ankle"] = [0.08, 0.95], ["right_ankle"] = [-0.08, 0.95],
        };
        var result = new double[rig.Count][];
        for (var i = 0; i < rig.Count; i++)
        {
            var label = rig.Keypoints[i].Label;
            if (coco.TryGetValue(label, out var p)) { result[i] = p; continue; }
            // Paired keypoints mirror each other across the centre line; the rest sit on it.
            var j = rig.FlipIndex[i];
            var rank = Math.Min(i, j);
            var side = j == i ? 0 : i < j ? 1 : -1;
            result[i] = [side * (0.1 + 0.05 * (rank % 3)), 0.05 + 0.9 * rank / Math.Max(1, rig.Count - 1)];
        }
        return result;
    }
}
