namespace Kairos.Trading.Tests.State;

/// <summary>A clock that reads <see cref="Now"/> until a test moves it.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
