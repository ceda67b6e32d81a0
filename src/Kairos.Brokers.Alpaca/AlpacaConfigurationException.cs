namespace Kairos.Brokers.Alpaca;

/// <summary>The Alpaca configuration is missing, malformed or unsafe (e.g. a live host without the live switches).</summary>
public sealed class AlpacaConfigurationException : Exception
{
    public AlpacaConfigurationException()
    {
    }

    public AlpacaConfigurationException(string message)
        : base(message)
    {
    }

    public AlpacaConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
