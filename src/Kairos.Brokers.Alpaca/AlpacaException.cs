using Kairos.Trading.Brokers;

namespace Kairos.Brokers.Alpaca;

/// <summary>
/// A failed Alpaca call, classified. The message carries Alpaca's own error text (never a header or a credential).
/// </summary>
public sealed class AlpacaException : BrokerException
{
    public AlpacaException()
    {
    }

    public AlpacaException(string message)
        : base(message)
    {
    }

    public AlpacaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AlpacaException(AlpacaFailureKind kind, int? statusCode, int? alpacaCode, string message, Exception? innerException = null)
        : base(message, innerException!)
    {
        Kind = kind;
        StatusCode = statusCode;
        AlpacaCode = alpacaCode;
        IsRetryable = kind == AlpacaFailureKind.Retryable;
    }

    public AlpacaFailureKind Kind { get; }

    /// <summary>The HTTP status, or null when no response came back (timeout, connection failure).</summary>
    public int? StatusCode { get; }

    /// <summary>Alpaca's numeric error code from the body (<c>{"code": 40010001, ...}</c>), when it sent one.</summary>
    public int? AlpacaCode { get; }
}
