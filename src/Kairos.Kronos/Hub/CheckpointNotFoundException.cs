namespace Kairos.Kronos.Hub;

/// <summary>A <c>--model</c>/<c>--tokenizer</c> argument names neither a checkpoint folder nor a checkpoint in the hub cache; the message says where it looked.</summary>
public sealed class CheckpointNotFoundException : Exception
{
    public CheckpointNotFoundException()
    {
    }

    public CheckpointNotFoundException(string message)
        : base(message)
    {
    }

    public CheckpointNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
