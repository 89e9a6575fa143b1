using System.Text.Json;
using GtCustomPose.Cli.Templates;

namespace GtCustomPose.Cli.Tests.Templates;

public class LiquidRendererTests
{
    private static readonly LiquidRenderer Renderer = new(uri => "https://presigned.example/" + uri[5..]);
    private static JsonElement Input(string json) => JsonDocument.Parse(json).RootElement;

    [Theory]
    [InlineData("<b>{{ task.input.label }}</b>", """{"label": "a<b>&'\""}""", "<b>a&lt;b&gt;&amp;&#39;&quot;</b>")]
    [InlineData("x='{{ task.input.list | to_json }}'", """{"list": ["a'b"]}""", "x='[&quot;a&#39;b&quot;]'")]
    [InlineData("{{ task.input.html | skip_autoescape }}", """{"html": "<i>ok</i>"}""", "<i>ok</i>")]
    [InlineData(
        "{{ task.input.uri | grant_read_access }}", """{"uri": "s3://bucket/k.png"}""",
        "https://presigned.example/bucket/k.png")]
    [InlineData("[{{ task.input.missing }}]", """{}""", "[]")]
    [InlineData("{{ task.input.missing | default: \"none\" }}", """{}""", "none")]
    [InlineData("{{ task.input.a.b }}", """{"a": {"b": 5}}""", "5")]
    [InlineData("{{ task.input.t | escape }}", """{"t": "&amp;"}""", "&amp;amp;")]
    [InlineData("{{ task.input.t | escape_once }}", """{"t": "&amp;<"}""", "&amp;&lt;")]
    public void Render_Objects_AutoescapedLikeGroundTruth(string template, string input, string expected) =>
        Renderer.Render(template, Input(input)).Should().Be(expected);

    [Fact]
    public void Render_SkeletonTemplate_EveryTaskValueEscapedIntoItsAttribute()
    {
        var template = File.ReadAllText(GtCustomPose.Testing.Repo.PathOf("template", "pose-skeleton.liquid.html"));
        var input = Input("""
            {"image_s3_uri": "s3://b/a'<x>.png", "keypoint_classes": [{"label": "a'</script>"}], "skeleton_rig": [],
             "initial_values": [], "audit": {"reasons": ["<b>"]}, "rig_name": "r'"}
            """);
        var html = Renderer.Render(template, input);
        html.Should().NotContain("{{").And.NotContain("</script><", "no value ends a script or opens a tag");
        html.Should().Contain("src='https://presigned.example/b/a&#39;&lt;x&gt;.png'");
        html.Should().Contain("keypoint-classes='[{&quot;label&quot;: &quot;a&#39;&lt;/script&gt;&quot;}]'");
        html.Should().Contain("audit='{&quot;reasons&quot;: [&quot;&lt;b&gt;&quot;]}'");
        html.Should().Contain("bounding-box='null'", "an absent value reaches the element as JSON null");
        html.Should().NotContain("component_script_uri", "the element is part of the template; nothing to host");
    }

    [Fact]
    public void Render_UnknownFilter_Throws() =>
        FluentActions.Invoking(() => Renderer.Render("{{ task.input.x | shout }}", Input("{}")))
            .Should().Throw<FormatException>().WithMessage("*shout*");

    [Fact]
    public void Render_Tags_AreReported() =>
        FluentActions.Invoking(() => Renderer.Render("{% if x %}y{% endif %}", Input("{}")))
            .Should().Throw<FormatException>().WithMessage("*tags*");
}
