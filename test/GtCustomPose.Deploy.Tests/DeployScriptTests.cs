using System.IO.Compression;
using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.Deploy.Tests;

/// <summary>
/// scripts/deploy.sh as a team runs it, against moto_server for S3 (AWS_ENDPOINT_URL_S3) and the aws CLI of the
/// machine. It reuses the packages the test command published (--no-publish): publishing again takes minutes.
/// </summary>
public sealed partial class DeployScriptTests : IClassFixture<DeployScriptTests.Moto>
{
    private const string Bucket = "gtpose-deploy-test";
    private const string Rig = """{"name": "arm", "keypoints": ["shoulder", "elbow", "wrist"],""" +
                               """ "edges": [["shoulder", "elbow"], ["elbow", "wrist"]]}""";
    private readonly MotoServer _server;

    public DeployScriptTests(Moto moto) => _server = moto.Server;

    /// <summary>One moto_server with the labeling bucket.</summary>
    public sealed class Moto : IDisposable
    {
        public Moto()
        {
            Server = new MotoServer();
            Server.CreateBucketAsync(Bucket).GetAwaiter().GetResult();
        }

        public MotoServer Server { get; }

        public void Dispose() => Server.Dispose();
    }

    [Fact]
    public async Task PackageOnly_WithRig_PackagedTemplatesNameCodeInTheBucketHoldingBootstrapAndRig()
    {
        using var dir = new TempFolder("gtpose-deploy");
        var rig = Path.Combine(dir.Path, "arm.json");
        await File.WriteAllTextAsync(rig, Rig);

        var run = await Deploy(
            "--bucket", Bucket, "--region", "us-east-1", "--stack-prefix", "pkgtest", "--package-only",
            "--no-publish", "--rig", rig, "--second-level", "relabel-audit", "--out", dir.Path);

        run.Code.Should().Be(0, run.Err);
        run.Out.Should().Contain("aws cloudformation deploy --region us-east-1 --template-file")
            .And.Contain("--stack-name pkgtest-level1").And.Contain("RigFile=/var/task/rig.json")
            .And.Contain("SecondLevel=relabel-audit")
            .And.Contain("aws s3api put-bucket-cors --bucket " + Bucket);
        using var s3 = _server.CreateClient();
        var codeUris = new List<string>();
        foreach (var t in new[] { "gtpose", "gtpose-workflow" })
        {
            var packaged = Path.Combine(dir.Path, $"{t}.packaged.yaml");
            var text = await File.ReadAllTextAsync(packaged);
            var uris = CodeUri().Matches(text).Select(m => m.Groups[1].Value).ToList();
            uris.Should().NotBeEmpty($"{t}.packaged.yaml names its code in S3, and no local folder")
                .And.OnlyContain(u => u.StartsWith($"s3://{Bucket}/pkgtest/code/", StringComparison.Ordinal));
            codeUris.AddRange(uris);
            var lint = await ExternalCommand.RunAsync("cfn-lint", packaged);
            lint.Code.Should().Be(0, lint.Out + lint.Err);
        }
        codeUris.Distinct().Should().HaveCount(3, "pre-annotation, post-annotation and workflow are three packages");
        foreach (var uri in codeUris.Distinct())
        {
            var key = uri[$"s3://{Bucket}/".Length..];
            using var response = await s3.GetObjectAsync(Bucket, key);
            using var body = new MemoryStream();
            await response.ResponseStream.CopyToAsync(body);
            using var zip = new ZipArchive(body, ZipArchiveMode.Read);
            zip.Entries.Select(e => e.FullName).Order().Should().Equal("bootstrap", "rig.json");
            var mode = (UnixFileMode)((zip.GetEntry("bootstrap")!.ExternalAttributes >> 16) & 0x1FF);
            mode.Should().HaveFlag(UnixFileMode.UserExecute, "Lambda runs the bootstrap as an executable");
            using var rigText = new StreamReader(zip.GetEntry("rig.json")!.Open());
            (await rigText.ReadToEndAsync()).Should().Be(Rig);
        }
        (await s3.GetObjectMetadataAsync(Bucket, "pkgtest/templates/pose-skeleton.liquid.html"))
            .ContentLength.Should().Be(new FileInfo(Repo.PathOf("template", "pose-skeleton.liquid.html")).Length);
    }

    [Fact]
    public async Task PackageOnly_SetCors_AppliesTheRuleGroundTruthAsksFor()
    {
        const string bucket = "gtpose-deploy-cors";
        await _server.CreateBucketAsync(bucket);
        using var dir = new TempFolder("gtpose-deploy");

        var run = await Deploy(
            "--bucket", bucket, "--region", "us-east-1", "--package-only", "--no-publish", "--set-cors",
            "--out", dir.Path);

        run.Code.Should().Be(0, run.Err);
        using var s3 = _server.CreateClient();
        var rule = (await s3.GetCORSConfigurationAsync(bucket)).Configuration.Rules.Single();
        rule.AllowedMethods.Should().Equal("GET");
        rule.AllowedOrigins.Should().Equal("*");
        rule.ExposeHeaders.Should().Equal("Access-Control-Allow-Origin");
        run.Out.Should().NotContain("needs a CORS rule");
    }

    [Fact]
    public async Task Deploy_NoBucket_OneLineNamingTheOptionAndNothingWritten()
    {
        using var dir = new TempFolder("gtpose-deploy");
        var run = await Deploy("--package-only", "--no-publish", "--out", dir.Path);
        OneErrorLine(run).Should().Contain("--bucket is missing");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task Deploy_AwsCliMissing_OneLineNamingTheTool()
    {
        using var dir = new TempFolder("gtpose-deploy");
        // bash, coreutils and dotnet stay on the PATH; the aws CLI (a pyenv shim here) does not.
        var run = await Deploy(
            new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" },
            "--bucket", Bucket, "--package-only", "--no-publish", "--out", dir.Path);
        OneErrorLine(run).Should().Contain("the aws CLI is missing");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task Deploy_BucketNotWritable_OneLineNamingTheBucketAndNothingPackaged()
    {
        using var dir = new TempFolder("gtpose-deploy");
        var run = await Deploy(
            "--bucket", "gtpose-no-such-bucket", "--region", "us-east-1", "--package-only", "--no-publish",
            "--out", dir.Path);
        OneErrorLine(run).Should().Contain("cannot write to s3://gtpose-no-such-bucket/gtpose/")
            .And.Contain("NoSuchBucket");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task Deploy_RigNotAFile_OneLineNamingTheRig()
    {
        using var dir = new TempFolder("gtpose-deploy");
        var run = await Deploy(
            "--bucket", Bucket, "--package-only", "--no-publish", "--rig", "/nonexistent/rig.json",
            "--out", dir.Path);
        OneErrorLine(run).Should().Contain("--rig '/nonexistent/rig.json' is not a readable file");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task Deploy_NoWorkteam_OneLineNamingTheOptionBeforeAnyUpload()
    {
        using var dir = new TempFolder("gtpose-deploy");
        var run = await Deploy("--bucket", Bucket, "--region", "us-east-1", "--no-publish", "--out", dir.Path);
        OneErrorLine(run).Should().Contain("--workteam-arn is missing");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty();
        using var s3 = _server.CreateClient();
        (await s3.ListObjectsV2Async(new() { BucketName = Bucket, Prefix = "gtpose/" })).KeyCount.Should().Be(0);
    }

    [Fact]
    public async Task Deploy_SecondLevelUnknown_OneLineNamingTheLevels()
    {
        using var dir = new TempFolder("gtpose-deploy");
        var run = await Deploy(
            "--bucket", Bucket, "--package-only", "--no-publish", "--second-level", "expert", "--out", dir.Path);
        OneErrorLine(run).Should().Contain("--second-level 'expert': expected auto, audit, relabel or relabel-audit");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task Deploy_UnknownOption_OneLineWithTheUsage()
    {
        var run = await Deploy("--bucket", Bucket, "--stack", "x");
        OneErrorLine(run).Should().Contain("unknown option '--stack'");
    }

    private Task<CommandResult> Deploy(params string[] args) => Deploy(null, args);

    private Task<CommandResult> Deploy(IReadOnlyDictionary<string, string?>? extra, params string[] args)
    {
        var env = new Dictionary<string, string?>
        {
            // No profile, config or credentials of the machine's user take part.
            ["AWS_CONFIG_FILE"] = "/nonexistent/config",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials",
            ["AWS_PROFILE"] = null,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
        };
        foreach (var (k, v) in _server.Environment) env[k] = v;
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) env[k] = v;
        return ExternalCommand.RunAsync("bash", [Repo.PathOf("scripts", "deploy.sh"), .. args], env);
    }

    private static string OneErrorLine(CommandResult run)
    {
        run.Code.Should().NotBe(0);
        var lines = run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle("an error is one line:\n{0}", run.Err);
        lines[0].Should().StartWith("deploy.sh: ");
        return lines[0];
    }

    [GeneratedRegex(@"CodeUri:\s*(\S+)")]
    private static partial Regex CodeUri();
}
