using System.Text.Json;

namespace GtCustomPose.Cli.Tests.Templates;

/// <summary>Reads a number property of what the page reported.</summary>
internal static class JsonNumbers
{
    public static double Number(this JsonElement e, string property) => e.GetProperty(property).GetDouble();
}
