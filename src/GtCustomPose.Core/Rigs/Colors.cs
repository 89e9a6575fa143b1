namespace GtCustomPose.Core.Rigs;

internal static class Colors
{
    public static bool IsValid(string? color) =>
        color is { Length: 4 or 7 }
            && color[0] == '#'
            && color.AsSpan(1).ContainsAnyExcept("0123456789abcdefABCDEF") == false;
}
