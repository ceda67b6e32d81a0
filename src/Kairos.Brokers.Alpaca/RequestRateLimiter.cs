namespace Kairos.Brokers.Alpaca;

/// <summary>
/// A sliding-window limiter: at most <c>budget</c> grants in any <see cref="Window"/> of the <see cref="TimeProvider"/>'s
/// time, plus a pause until a server-announced reset when Alpaca says none remain. Grants are serialised, so concurrent
/// callers cannot overshoot the window together.
/// </summary>
internal sealed class RequestRateLimiter : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly int _budget;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Grant times in ascending order; only those inside the window ending now are kept.
    private readonly Queue<DateTimeOffset> _grants = new();
    private long _pausedUntilUtcTicks;

    public RequestRateLimiter(int budget, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budget);
        _budget = budget;
        _time = time;
    }

    /// <summary>Waits until one more request fits in the budget, then records it.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var now = _time.GetUtcNow();
                while (_grants.Count > 0 && _grants.Peek() <= now - Window)
                {
                    _grants.Dequeue();
                }

                var wait = TimeSpan.Zero;
                var pausedUntil = new DateTimeOffset(Interlocked.Read(ref _pausedUntilUtcTicks), TimeSpan.Zero);
                if (pausedUntil > now)
                {
                    wait = pausedUntil - now;
                }
                else if (_grants.Count >= _budget)
                {
                    wait = _grants.Peek() + Window - now;
                }

                if (wait <= TimeSpan.Zero)
                {
                    _grants.Enqueue(now);
                    return;
                }

                await Task.Delay(wait, _time, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Holds every further grant until <paramref name="until"/> (Alpaca reported no requests left).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        var ticks = until.UtcTicks;
        long seen;
        do
        {
            seen = Interlocked.Read(ref _pausedUntilUtcTicks);
            if (ticks <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _pausedUntilUtcTicks, ticks, seen) != seen);
    }

    public void Dispose() => _gate.Dispose();
}
