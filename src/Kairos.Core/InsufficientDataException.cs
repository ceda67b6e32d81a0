namespace Kairos.Core;

/// <summary>The data is valid but too short for the requested work (e.g. fewer bars than a walk-forward run needs).</summary>
public sealed class InsufficientDataException : Exception
{
    public InsufficientDataException()
    {
    }

    public InsufficientDataException(string message)
        : base(message)
    {
    }

    public InsufficientDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
