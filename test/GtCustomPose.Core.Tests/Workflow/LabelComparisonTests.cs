using GtCustomPose.Core.Rigs;
using GtCustomPose.Core.Workflow;
using static GtCustomPose.Core.Tests.Workflow.WorkflowFixtures;

namespace GtCustomPose.Core.Tests.Workflow;

public sealed class LabelComparisonTests
{
    [Fact]
    public void Compare_SameLabel_OksOneAndUnchanged()
    {
        var change = LabelComparison.Compare(Person(), Person(), Rig.Coco17);

        change.Oks.Should().Be(1);
        change.Changed.Should().BeFalse();
        change.Material().Should().BeFalse();
    }

    [Fact]
    public void Compare_SkeletonMovedFar_MaterialChange()
    {
        var change = LabelComparison.Compare(Person(), Person(dx: 40), Rig.Coco17);

        change.Oks.Should().BeLessThan(0.9);
        change.CountDiffers.Should().BeFalse();
        change.Material().Should().BeTrue();
    }

    [Fact]
    public void Compare_SkeletonMovedALittle_ChangedButNotMaterially()
    {
        var change = LabelComparison.Compare(Person(), Person(dx: 2), Rig.Coco17);

        change.Oks.Should().BeInRange(0.9, 0.999);
        change.Changed.Should().BeTrue();
        change.Material().Should().BeFalse();
    }

    [Fact]
    public void Compare_PersonAdded_CountDiffersAndTheNewSkeletonScoresZero()
    {
        var two = Label(false, null, Fixtures.Person("a", 100, 100), Fixtures.Person("b", 700, 100));
        var one = Label(false, null, Fixtures.Person("a", 100, 100));

        var change = LabelComparison.Compare(one, two, Rig.Coco17);

        change.CountDiffers.Should().BeTrue();
        change.Oks.Should().BeApproximately(0.5, 1e-9);
        change.Material().Should().BeTrue();
    }

    [Fact]
    public void Compare_KeypointRemoved_CountsAgainstTheOks()
    {
        var full = Person();
        var fewer = full with
        {
            Instances = [full.Instances[0] with { Keypoints = full.Instances[0].Keypoints.Skip(1).ToArray() }],
        };

        var change = LabelComparison.Compare(full, fewer, Rig.Coco17);

        change.Oks.Should().BeApproximately(16.0 / 17, 1e-9);
    }
}
