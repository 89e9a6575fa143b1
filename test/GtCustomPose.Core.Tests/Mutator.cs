using System.Text;

namespace GtCustomPose.Core.Tests;

/// <summary>Random edits of a text for fuzzing: a token inserted, a run cut out, or a character replaced.</summary>
internal static class Mutator
{
    public static string Mutate(string original, Random random, string[] tokens, int edits, int longestCut)
    {
        var text = new StringBuilder(original);
        for (var m = 0; m < edits; m++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(3))
            {
                case 0:
                    text.Insert(at, tokens[random.Next(tokens.Length)]);
                    break;
                case 1:
                    if (at < text.Length) text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(longestCut)));
                    break;
                default:
                    if (at < text.Length) text[at] = (char)random.Next(32, 127);
                    break;
            }
        }
        return text.ToString();
    }
}
