namespace GtCustomPose.Core;

/// <summary>Which way a worker said a skeleton faces; <see cref="Unknown"/> when the answer does not say.</summary>
public enum Facing
{
    /// <summary>Not stated, or "unsure".</summary>
    Unknown,
    /// <summary>Facing the camera: the subject's left is on the image's right.</summary>
    Front,
    /// <summary>Facing away from the camera: the subject's left is on the image's left.</summary>
    Back,
    /// <summary>Side view (profile).</summary>
    Side,
}
