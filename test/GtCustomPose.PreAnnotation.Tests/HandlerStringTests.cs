using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.PreAnnotation.Tests;

public class HandlerStringTests
{
    [Fact]
    public void HandlerStrings_DeploymentFiles_NameThePreAnnotationHandler()
    {
        PreAnnotationHandlers().Select(h => h.File)
            .Should().Contain(["aws-lambda-tools-defaults.json", Path.Combine("template", "gtpose.yaml")]);
    }

    [Fact]
    public async Task HandlerStrings_PreAnnotation_ResolveByReflectionAndInvoke()
    {
        var evt = File.ReadAllText(
            TestEvents.PathOf("pre-annotation-no-annotations.json"));
        foreach (var (file, handler) in PreAnnotationHandlers())
        {
            var (instance, method) = HandlerStrings.Resolve(handler);
            var json = await HandlerStrings.InvokeAsync(instance, method, evt);
            JsonDocument.Parse(json).RootElement.GetProperty("isHumanAnnotationRequired").GetBoolean()
                .Should().BeTrue($"{handler} in {file} must work");
        }
    }

    private static IEnumerable<(string File, string Handler)> PreAnnotationHandlers() =>
        HandlerStrings.All().Where(h => h.Handler.StartsWith("GtCustomPose.PreAnnotation::", StringComparison.Ordinal));
}
