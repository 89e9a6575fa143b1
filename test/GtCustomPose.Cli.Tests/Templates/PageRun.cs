using System.Text.Json;
using GtCustomPose.Core.Answers;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Cli.Tests.Templates;

/// <summary>What worker-page.mjs reported: recorded states, the submitted answer, page errors.</summary>
internal sealed record PageRun(JsonElement Root)
{
    public JsonElement State(string name) => Root.GetProperty("states").GetProperty(name);

    public JsonElement Submitted => Root.GetProperty("submitted");

    public WorkerAnswer Answer(Rig rig) => AnswerParser.Parse("browser", Submitted.GetRawText(), rig);

    public void ShouldBeClean()
    {
        Root.GetProperty("errors").EnumerateArray().Select(e => e.GetString())
            .Should().BeEmpty("the page logs no script error");
        Root.GetProperty("injected").GetBoolean().Should().BeFalse();
    }
}
