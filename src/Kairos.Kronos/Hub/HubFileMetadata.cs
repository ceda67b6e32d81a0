namespace Kairos.Kronos.Hub;

/// <summary>What the hub says about one file before its download: the commit it belongs to, its blob name and size, and where to fetch it.</summary>
/// <param name="Commit">From <c>X-Repo-Commit</c>: the 40-hex commit the revision resolved to.</param>
/// <param name="Etag">From <c>X-Linked-Etag</c>, else <c>ETag</c>, quotes and <c>W/</c> removed: the blob's name; a SHA-256 for LFS files.</param>
/// <param name="Size">From <c>X-Linked-Size</c>, else <c>Content-Length</c>.</param>
/// <param name="Location">The URL that serves the bytes (the CDN for LFS files on the real hub).</param>
internal sealed record HubFileMetadata(string Commit, string Etag, long Size, Uri Location)
{
    public string? Sha256 => HubCacheLayout.IsSha256(Etag) ? Etag.ToLowerInvariant() : null;
}
