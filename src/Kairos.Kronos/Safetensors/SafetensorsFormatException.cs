namespace Kairos.Kronos.Safetensors;

/// <summary>A safetensors file (or the checkpoint it holds) is corrupt, truncated or does not match the expected layout.
/// The message names the file and, where one is involved, the tensor.</summary>
public sealed class SafetensorsFormatException : Exception
{
    public SafetensorsFormatException()
    {
    }

    public SafetensorsFormatException(string message)
        : base(message)
    {
    }

    public SafetensorsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
