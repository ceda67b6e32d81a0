namespace Kairos.Kronos.Hub;

/// <summary>
/// One progress report of <see cref="HubDownloader"/>: bytes of <see cref="File"/> on disk so far, reported when the whole percentage
/// changes (and at start and end), or a <see cref="Message"/> such as a retry notice.
/// </summary>
/// <param name="File">The file in the repository, e.g. <c>model.safetensors</c>.</param>
/// <param name="Bytes">Bytes on disk, a resumed part included.</param>
/// <param name="TotalBytes">The file's size as announced by the hub; null when unknown.</param>
/// <param name="Message">A note about the transfer (cached, resuming, retrying), or null for a plain byte count.</param>
public sealed record DownloadProgress(string File, long Bytes, long? TotalBytes, string? Message = null)
{
    /// <summary>Whole percent done, or null when the size is unknown.</summary>
    public int? Percent => TotalBytes is > 0 ? (int)(Bytes * 100 / TotalBytes.Value) : TotalBytes == 0 ? 100 : null;
}
