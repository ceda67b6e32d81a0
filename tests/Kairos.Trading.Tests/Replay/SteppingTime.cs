namespace Kairos.Trading.Tests.Replay;

/// <summary>
/// A clock that jumps ahead by a timer's due time the moment the timer is created and fires it at once (on the thread
/// pool, so <c>Task.Delay</c> has finished setting up): a loop that waits through <c>Task.Delay(…, time)</c> runs hours
/// of ticks in milliseconds, each at its exact instant. Timers with an infinite due time never fire.
/// </summary>
internal sealed class SteppingTime(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    public int TimersCreated { get; private set; }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            TimersCreated++;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return new FiredTimer();
            }

            _now += dueTime;
        }

        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
