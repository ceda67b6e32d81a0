namespace Kairos.Trading.Replay;

/// <summary>
/// A <see cref="TimeProvider"/> whose time the market replay sets; it never moves backwards. The trading code reads time
/// only through a <see cref="TimeProvider"/>, so the replay and the wall clock run the same code.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private DateTimeOffset _now;

    public SimulatedClock(DateTimeOffset start) => _now = start;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock to <paramref name="instant"/>; earlier instants are refused.</summary>
    public void Set(DateTimeOffset instant)
    {
        if (instant < _now)
        {
            throw new InvalidOperationException($"The simulated clock cannot move back from {_now:O} to {instant:O}.");
        }

        _now = instant;
    }
}
