namespace GtCustomPose.Testing;

/// <summary>The simulated Ground Truth events in <c>test/GtCustomPose.Testing/events</c>, as every test project's
/// output holds them.</summary>
public static class TestEvents
{
    /// <summary>
    /// The path of event <paramref name="name"/> (a file name such as <c>pre-annotation-chained.json</c>).
    /// </summary>
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "events", name);

    /// <summary>The text of event <paramref name="name"/>.</summary>
    public static string Read(string name) => File.ReadAllText(PathOf(name));
}
