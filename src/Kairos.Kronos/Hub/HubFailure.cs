namespace Kairos.Kronos.Hub;

/// <summary>Why a download from the hub failed.</summary>
public enum HubFailure
{
    /// <summary>HTTP 404: the repository, the revision or the file does not exist (the message says which when the hub does).</summary>
    NotFound,

    /// <summary>HTTP 401: the repository is private or does not exist, and no token (or a refused one) was sent.</summary>
    Unauthorized,

    /// <summary>HTTP 403: the token may not read the repository; usually a gated model whose terms were not accepted.</summary>
    Forbidden,

    /// <summary>The bytes received do not match the size or SHA-256 the hub announced; the partial file was deleted.</summary>
    Integrity,

    /// <summary>The transfer kept failing (connection errors, timeouts, 5xx) after every retry, or the server answered something unusable.</summary>
    Transfer,
}
