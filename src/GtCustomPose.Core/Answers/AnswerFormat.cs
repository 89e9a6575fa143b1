namespace GtCustomPose.Core.Answers;

/// <summary>The answer format a worker's task page submitted.</summary>
public enum AnswerFormat
{
    /// <summary>The answer could not be read.</summary>
    Unreadable,
    /// <summary>The built-in crowd-keypoint element: <c>{name: {annotatedResult: {inputImageProperties,
    /// keypoints}}}</c>.</summary>
    CrowdKeypoint,
    /// <summary>The crowd-2d-skeleton component's form: <c>updated_annotations</c>, <c>original_annotations</c>,
    /// ...</summary>
    Crowd2dSkeleton,
}
