namespace GtCustomPose.Core.Interop;

/// <summary>The export format of the files an import reads.</summary>
public enum ImportFormat
{
    /// <summary>COCO Keypoints 1.0, one file per annotator (<see cref="CocoKeypointsReader"/>).</summary>
    Coco,
    /// <summary>CVAT for images 1.1 XML, one file per replica job (<see cref="CvatXmlReader"/>).</summary>
    Cvat,
    /// <summary>Label Studio JSON export, several annotations per task (<see cref="LabelStudioReader"/>).</summary>
    LabelStudio,
}
