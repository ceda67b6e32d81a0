namespace Kairos.Brokers.Alpaca;

/// <summary>How a failed Alpaca call should be handled.</summary>
public enum AlpacaFailureKind
{
    /// <summary>Rate limit (429), server error (5xx), timeout or connection failure: the same call may succeed later.</summary>
    Retryable,

    /// <summary>Alpaca understood and refused the request (4xx other than 401/403): retrying the same request fails again.</summary>
    Rejected,

    /// <summary>Authentication or permission failure (401/403): nothing works until the configuration is fixed.</summary>
    Fatal,
}
