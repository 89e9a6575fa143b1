using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GtCustomPose.Testing;

/// <summary>
/// The function packages scripts/publish.sh writes to artifacts/publish (the test command runs it first), for either
/// Lambda architecture: an arm64 package on an x86-64 machine runs under Debian's qemu-user.
/// </summary>
public static class Published
{
    /// <summary>The architecture the packages are expected to be for: <c>GTPOSE_ARCH</c> (<c>x86_64</c> or
    /// <c>arm64</c>, as <c>scripts/publish.sh --arch</c>), x86_64 when unset.</summary>
    public static string Architecture =>
        Environment.GetEnvironmentVariable("GTPOSE_ARCH") is { Length: > 0 } arch ? arch : "x86_64";

    /// <summary>The published <c>bootstrap</c> of <paramref name="function"/>.</summary>
    public static string BootstrapPath(string function)
    {
        var exe = Path.Combine(Repo.PathOf("artifacts", "publish", function), "bootstrap");
        if (!File.Exists(exe))
            throw new FileNotFoundException($"{exe} is missing: run scripts/publish.sh (the test command does)", exe);
        return exe;
    }

    /// <summary>Start info for a published <c>bootstrap</c>, run from its own folder as Lambda does; an arm64 one on
    /// another machine through <c>qemu-aarch64</c> with Debian's aarch64 libraries.</summary>
    public static ProcessStartInfo Bootstrap(string function)
    {
        var exe = BootstrapPath(function);
        var dir = Path.GetDirectoryName(exe)!;
        if (!IsArm64(exe) || RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64)
            return new ProcessStartInfo(exe) { WorkingDirectory = dir };
        if (!File.Exists(Qemu))
            throw new FileNotFoundException(
                $"{exe} is an arm64 executable and {Qemu} is missing: install qemu-user (bash .ci/setup --arm64)",
                Qemu);
        return new ProcessStartInfo(Qemu, ["-L", Arm64Libraries, exe]) { WorkingDirectory = dir };
    }

    private const string Qemu = "/usr/bin/qemu-aarch64";

    // Debian's libc6-arm64-cross: the loader and libraries an aarch64 executable needs.
    private const string Arm64Libraries = "/usr/aarch64-linux-gnu";

    // ELF e_machine, at byte 18: 183 (EM_AARCH64).
    private static bool IsArm64(string path)
    {
        Span<byte> header = stackalloc byte[20];
        using var file = File.OpenRead(path);
        return file.Read(header) == header.Length && header[18] == 183 && header[19] == 0;
    }
}
