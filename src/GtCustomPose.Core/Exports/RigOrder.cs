using GtCustomPose.Core.Consolidation;
using GtCustomPose.Core.Rigs;

namespace GtCustomPose.Core.Exports;

/// <summary>A skeleton's keypoints laid out in rig order, as both COCO and YOLO write them.</summary>
internal static class RigOrder
{
    /// <summary>COCO/YOLO visibility: 0 not labelled, 1 labelled but occluded, 2 labelled and visible.</summary>
    public static int Visibility(ConsolidatedKeypoint? k) => k is null ? 0 : k.Visible == false ? 1 : 2;

    /// <summary>
    /// The keypoints by rig index (null where not placed); a label outside the rig is reported and left out.
    /// </summary>
    public static ConsolidatedKeypoint?[] Lay(ConsolidatedInstance instance, Rig rig, int line, ProblemLog problems)
    {
        var placed = new ConsolidatedKeypoint?[rig.Count];
        foreach (var k in instance.Keypoints)
        {
            var i = rig.IndexOf(k.Label);
            if (i < 0) problems.Add(
                $"line {line}: instance '{instance.Name}': keypoint '{k.Label}' is not in rig '{rig.Name}'; left out");
            else placed[i] = k;
        }
        return placed;
    }
}
