using System.Buffers;

namespace Kairos.Kronos.Hub;

/// <summary>
/// The standard hub cache layout of one repository (shared with the Python client):
/// <code>
/// {cache}/models--{owner}--{name}/
///   refs/{revision}                 the commit hash a branch or tag pointed to when last pulled
///   blobs/{etag}                    file contents, named by the hub's ETag (the LFS sha256 for weights, the git sha1 otherwise)
///   snapshots/{commit}/{file}       relative symlinks into blobs/ (copies where symlinks are not available)
/// </code>
/// </summary>
internal sealed class HubCacheLayout
{
    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");

    public HubCacheLayout(string cacheRoot, HubRepoId repo)
    {
        RepoFolder = Path.Combine(cacheRoot, repo.CacheFolderName);
    }

    public string RepoFolder { get; }

    public string BlobsFolder => Path.Combine(RepoFolder, "blobs");

    public string Blob(string etag) => Path.Combine(BlobsFolder, etag);

    public string Snapshot(string commit) => Path.Combine(RepoFolder, "snapshots", commit);

    public string RefFile(string revision) => Path.Combine([RepoFolder, "refs", .. revision.Split('/')]);

    public static bool IsCommitHash(string revision) => revision.Length == 40 && !revision.AsSpan().ContainsAnyExcept(Hex);

    public static bool IsSha256(string value) => value.Length == 64 && !value.AsSpan().ContainsAnyExcept(Hex);

    /// <summary>A branch, tag or commit; '/' allowed (refs/pr/1), nothing that could climb out of the cache folder.</summary>
    public static bool IsValidRevision(string revision) => IsSafeRelativePath(revision);

    /// <summary>'/'-separated names, none empty, "." or "..": a path that stays inside the folder it is joined to.</summary>
    public static bool IsSafeRelativePath(string path) =>
        path.Length is > 0 and <= 256
        && !path.StartsWith('/')
        && !path.EndsWith('/')
        && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Contains("//", StringComparison.Ordinal)
        && !path.Split('/').Any(part => part is "." or ".." || part.Any(char.IsControl));

    /// <summary>Null when the file (after following symlinks) exists; else what is wrong with it.</summary>
    public static string? FileProblem(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            return target is { Exists: true } ? null : $"'{path}' is a symlink to a missing blob ('{info.LinkTarget}')";
        }

        return info.Exists ? null : $"'{path}' is missing";
    }
}
