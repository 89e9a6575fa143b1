namespace GtCustomPose.Core.Jobs;

/// <summary>
/// Where re-consolidation reads each object's worker answers: one job's stored responses
/// (<see cref="JobResponseReader"/>), or a level-1 job's pooled with a second-level job's
/// (<see cref="PooledResponseSource"/>). Object ids are the level-1 job's (0-based manifest positions).
/// </summary>
public interface IResponseSource
{
    /// <summary>Response files read so far.</summary>
    long FilesRead { get; }

    /// <summary>One object's answers; empty with <see cref="ObjectResponses.Files"/> 0 when it has none.</summary>
    Task<ObjectResponses> ReadObjectAsync(string datasetObjectId, CancellationToken cancellationToken = default);

    /// <summary>The ids of every object that has response files, each once, without reading them.</summary>
    IAsyncEnumerable<string> ListObjectIdsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every object that has answers, each once, at most <paramref name="window"/> read ahead.</summary>
    IAsyncEnumerable<ObjectResponses> ReadAllAsync(int window = 64, CancellationToken cancellationToken = default);
}
