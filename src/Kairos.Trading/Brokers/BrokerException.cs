namespace Kairos.Trading.Brokers;

/// <summary>The broker could not be reached or answered with an error that is not an order rejection.</summary>
public class BrokerException : Exception
{
    public BrokerException()
    {
    }

    public BrokerException(string message)
        : base(message)
    {
    }

    public BrokerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when retrying the same call later may succeed (timeouts, rate limits, server errors).</summary>
    public bool IsRetryable { get; init; }
}
