using System.Diagnostics;

namespace GtCustomPose.Testing;

/// <summary>
/// The function packages scripts/publish.sh writes to artifacts/publish (the test command runs it first).
/// </summary>
public static class Published
{
    /// <summary>Start info for a published <c>bootstrap</c>, run from its own folder as Lambda does.</summary>
    public static ProcessStartInfo Bootstrap(string function)
    {
        var dir = Repo.PathOf("artifacts", "publish", function);
        var exe = Path.Combine(dir, "bootstrap");
        if (!File.Exists(exe))
            throw new FileNotFoundException($"{exe} is missing: run scripts/publish.sh (the test command does)", exe);
        return new ProcessStartInfo(exe) { WorkingDirectory = dir };
    }
}
