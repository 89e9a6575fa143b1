using System.Text.RegularExpressions;
using GtCustomPose.Testing;

namespace GtCustomPose.Deploy.Tests;

/// <summary>
/// The packages scripts/publish.sh writes (the test command runs it first) are what provided.al2023 on Amazon Linux
/// 2023 runs: one native executable for the architecture asked for (<see cref="Published.Architecture"/>), no .NET
/// beside it, nothing newer from glibc than AL2023's 2.34.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public partial class PublishedBootstrapTests
{
    public static TheoryData<string> Functions => new() { "pre-annotation", "post-annotation", "workflow" };

    private static string Loader =>
        Published.Architecture == "arm64" ? "ld-linux-aarch64.so.1" : "ld-linux-x86-64.so.2";

    // Amazon Linux 2023's glibc.
    private static readonly Version NewestGlibc = new(2, 34);

    [Theory]
    [MemberData(nameof(Functions))]
    public void Package_Published_HoldsOnlyTheBootstrap(string function)
    {
        var dir = Repo.PathOf("artifacts", "publish", function);
        Published.BootstrapPath(function);
        var files = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order().ToList();
        // The deploy script adds the rig a team chose; nothing else belongs in the package.
        files.Where(f => f != "rig.json").Should().Equal("bootstrap");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Bootstrap_Published_IsAnExecutableElf(string function)
    {
        var path = Published.BootstrapPath(function);
        var head = new byte[4];
        await using (var file = File.OpenRead(path)) await file.ReadExactlyAsync(head);
        head.Should().Equal([0x7F, (byte)'E', (byte)'L', (byte)'F']);
        File.GetUnixFileMode(path).Should().HaveFlag(UnixFileMode.UserExecute);
        var header = await ExternalCommand.RunAsync("readelf", "-h", path);
        header.Code.Should().Be(0, header.Err);
        header.Out.Should().MatchRegex(@"Type:\s+(DYN|EXEC)")
            .And.MatchRegex(Published.Architecture == "arm64"
                ? @"Machine:\s+AArch64"
                : @"Machine:\s+Advanced Micro Devices X86-64");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Bootstrap_Published_NeedsOnlyLibcLibmAndTheLoader(string function)
    {
        var path = Published.BootstrapPath(function);
        var dynamic = await ExternalCommand.RunAsync("readelf", "-d", path);
        dynamic.Code.Should().Be(0, dynamic.Err);
        var needed = Needed().Matches(dynamic.Out).Select(m => m.Groups[1].Value).ToList();
        needed.Should().NotBeEmpty(dynamic.Out)
            .And.OnlyContain(n => n == "libc.so.6" || n == "libm.so.6" || n == Loader);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Bootstrap_Published_NeedsNoGlibcNewerThanAmazonLinux2023s(string function)
    {
        var path = Published.BootstrapPath(function);
        var symbols = await ExternalCommand.RunAsync("objdump", "-T", path);
        symbols.Code.Should().Be(0, symbols.Err);
        var versions = GlibcVersion().Matches(symbols.Out).Select(m => Version.Parse(m.Groups[1].Value)).ToList();
        versions.Should().NotBeEmpty("a dynamically linked executable names glibc symbol versions");
        versions.Max().Should().BeLessThanOrEqualTo(NewestGlibc);
    }

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")]
    private static partial Regex Needed();

    [GeneratedRegex(@"\bGLIBC_(\d+\.\d+(?:\.\d+)?)\b")]
    private static partial Regex GlibcVersion();
}
