using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GtCustomPose.Cli.Json;
using GtCustomPose.Core;
using GtCustomPose.Core.Storage;

namespace GtCustomPose.Cli.Workflow;

/// <summary>
/// <c>gtpose job request</c>: the CreateLabelingJob request the workflow's state machine sends, for a manifest and the
/// workflow stack's outputs, for teams that start jobs themselves (<c>aws sagemaker create-labeling-job
/// --cli-input-json</c>).
/// </summary>
internal static class JobCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest")
        {
            Description = "s3:// URI of the input manifest.",
            Required = true,
        };
        var outputs = new Option<FileInfo>("--stack-outputs")
        {
            Description = "The workflow stack's outputs: `aws cloudformation describe-stacks` JSON, an [{OutputKey, " +
                          "OutputValue}] array or a {key: value} map.",
            Required = true,
        };
        var jobName = new Option<string>("--job-name")
        {
            Description = "Labeling job name (1-63 characters: letters, digits, hyphens).",
            Required = true,
        };
        var level = new Option<string>("--level")
        {
            Description = "level1 (labeling) or audit (the chained adjustment job).",
            DefaultValueFactory = _ => "level1",
        };
        level.AcceptOnlyFromAmong("level1", "audit");
        var attribute = new Option<string?>("--label-attribute")
        {
            Description = $"Label attribute (default: {LabelAttributes.Default} for level1, " +
                $"{LabelAttributes.DefaultAudit} for audit).",
        };
        var outFile = new Option<FileInfo?>("--out")
        {
            Description = "Where to write the request JSON (default: stdout).",
        };
        var request = new Command(
            "request", "Write the CreateLabelingJob request JSON for a manifest and the workflow stack's outputs.")
        {
            manifest, outputs, jobName, level, attribute, outFile,
        };
        request.SetAction(async (result, cancellationToken) =>
        {
            var name = result.GetValue(jobName)!;
            if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$"))
                throw new UsageError(
                    $"--job-name '{name}' is not a labeling job name (1-63 letters, digits and hyphens)");
            var manifestUri = ManifestUri(result.GetValue(manifest)!);
            var outputsFile = InputFiles.Existing(result.GetValue(outputs)!, "--stack-outputs");
            Dictionary<string, string> values;
            try
            {
                values = ReadOutputs(await File.ReadAllTextAsync(outputsFile, cancellationToken));
            }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException
                or InvalidOperationException or IndexOutOfRangeException)
            {
                var why = e is JsonException bad ? CliJson.Describe(bad) : e is FormatException ? e.Message
                    : "expected `aws cloudformation describe-stacks` JSON, an [{OutputKey, OutputValue}] array or " +
                      "a {key: value} map";
                throw new UsageError($"{outputsFile} (--stack-outputs): {why}");
            }
            var audit = result.GetValue(level) == "audit";
            string json;
            try
            {
                json = Build(
                    manifestUri,
                    name,
                    result.GetValue(attribute) ?? (audit ? LabelAttributes.DefaultAudit : LabelAttributes.Default),
                    audit,
                    values);
            }
            catch (KeyNotFoundException e)
            {
                throw new UsageError($"{outputsFile} (--stack-outputs): {e.Message}");
            }
            if (result.GetValue(outFile) is { } file) await File.WriteAllTextAsync(
                file.FullName, json + "\n", cancellationToken);
            else Console.WriteLine(json);
            return 0;
        });
        var job = new Command("job", "Labeling jobs on SageMaker Ground Truth.");
        job.Subcommands.Add(request);
        return job;
    }

    /// <summary>
    /// The manifest as Ground Truth takes it, an s3:// URI: a local path would be written into the request as is and
    /// the job would fail at SageMaker, so it is refused with the upload that fixes it.
    /// </summary>
    internal static string ManifestUri(string manifest)
    {
        if (S3Uri.TryParse(manifest, out _)) return manifest;
        var local = File.Exists(manifest) ? $"{Path.GetFullPath(manifest)} is a local file" : $"'{manifest}'";
        throw new UsageError($"--manifest {local}, not an s3:// URI: Ground Truth reads the manifest from S3; " +
            $"upload it (aws s3 cp {ShellWords.Quote(manifest)} s3://BUCKET/PREFIX/" +
            $"{ShellWords.Quote(Path.GetFileName(manifest))}) and give that URI");
    }

    /// <summary>Stack outputs as a key → value map from any of the three shapes.</summary>
    internal static Dictionary<string, string> ReadOutputs(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Stacks", out var stacks)) root =
            stacks[0].GetProperty("Outputs");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.ValueKind == JsonValueKind.Array)
            foreach (var o in root.EnumerateArray()) map[o.GetProperty("OutputKey").GetString()!] =
                o.GetProperty("OutputValue").GetString() ?? "";
        else if (root.ValueKind == JsonValueKind.Object)
            foreach (var p in root.EnumerateObject()) map[p.Name] = p.Value.ValueKind == JsonValueKind.String
                ? p.Value.GetString()!
                : p.Value.GetRawText();
        else throw new FormatException("expected stack outputs as an object or an array");
        return map;
    }

    /// <summary>The request, with the same fields the state machine's CreateLabelingJob states send.</summary>
    internal static string Build(
        string manifest, string jobName, string labelAttribute, bool audit, IReadOnlyDictionary<string, string> outputs)
    {
        var prefix = audit ? "Audit" : "Level1";
        string Get(string key) => outputs.TryGetValue(key, out var v) && v.Length > 0 ? v
            : throw new KeyNotFoundException($"the stack outputs lack {key}");
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("LabelingJobName", jobName);
            w.WriteString("LabelAttributeName", labelAttribute);
            w.WriteStartObject("InputConfig");
            w.WriteStartObject("DataSource");
            w.WriteStartObject("S3DataSource");
            w.WriteString("ManifestS3Uri", manifest);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("OutputConfig");
            w.WriteString("S3OutputPath", Get("JobOutputS3Uri"));
            if (outputs.TryGetValue("KmsKeyArn", out var kms) && kms.Length > 0) w.WriteString("KmsKeyId", kms);
            w.WriteEndObject();
            w.WriteString("RoleArn", Get("LabelingJobRoleArn"));
            w.WriteStartObject("HumanTaskConfig");
            w.WriteString("WorkteamArn", Get(prefix + "WorkteamArn"));
            w.WriteStartObject("UiConfig");
            w.WriteString("UiTemplateS3Uri", Get(prefix + "UiTemplateS3Uri"));
            w.WriteEndObject();
            w.WriteString("PreHumanTaskLambdaArn", Get(prefix + "PreAnnotationLambdaArn"));
            w.WriteString(
                "TaskTitle", audit ? "Audit the keypoints of each person" : "Place the keypoints of each person");
            w.WriteString("TaskDescription", audit
                ? "Check the skeletons shown; fix what is wrong or tick no changes needed."
                : "Draw one skeleton per person: place each visible keypoint.");
            w.WriteNumber(
                "NumberOfHumanWorkersPerDataObject",
                int.Parse(Get(prefix + "WorkersPerObject"), CultureInfo.InvariantCulture));
            w.WriteNumber(
                "TaskTimeLimitInSeconds", int.Parse(Get("TaskTimeLimitInSeconds"), CultureInfo.InvariantCulture));
            w.WriteNumber(
                "TaskAvailabilityLifetimeInSeconds",
                int.Parse(Get("TaskAvailabilityLifetimeInSeconds"), CultureInfo.InvariantCulture));
            w.WriteNumber(
                "MaxConcurrentTaskCount", int.Parse(Get("MaxConcurrentTaskCount"), CultureInfo.InvariantCulture));
            w.WriteStartObject("AnnotationConsolidationConfig");
            w.WriteString("AnnotationConsolidationLambdaArn", Get(prefix + "PostAnnotationLambdaArn"));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
