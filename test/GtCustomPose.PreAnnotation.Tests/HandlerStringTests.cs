using System.Text.Json;
using GtCustomPose.Testing;

namespace GtCustomPose.PreAnnotation.Tests;

public class HandlerStringTests
{
    [Fact]
    public void HandlerStrings_DeploymentFiles_NameThePreAnnotationHandler()
    {
        HandlerStrings.All().Where(h => h.Handler.StartsWith("GtCustomPose.PreAnnotation::", StringComparison.Ordinal))
            .Select(h => h.File).Should().Contain(["aws-lambda-tools-defaults.json", Path.Combine("template", "gtpose.yaml")]);
    }

    [Fact]
    public async Task HandlerStrings_PreAnnotation_ResolveByReflectionAndInvoke()
    {
        foreach (var (file, handler) in HandlerStrings.All().Where(h => h.Handler.StartsWith("GtCustomPose.PreAnnotation::", StringComparison.Ordinal)))
        {
            var (instance, method) = HandlerStrings.Resolve(handler);
            var json = await HandlerStrings.InvokeAsync(instance, method, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "events", "pre-annotation-no-annotations.json")));
            JsonDocument.Parse(json).RootElement.GetProperty("isHumanAnnotationRequired").GetBoolean().Should().BeTrue($"{handler} in {file} must work");
        }
    }
}
