namespace Kairos.Kronos.Hub;

/// <summary>A download from the hub failed; <see cref="Failure"/> says why and the message what to do about it.</summary>
public sealed class HubDownloadException : Exception
{
    public HubDownloadException()
    {
    }

    public HubDownloadException(string message)
        : base(message)
    {
    }

    public HubDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HubDownloadException(HubFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public HubFailure Failure { get; } = HubFailure.Transfer;
}
