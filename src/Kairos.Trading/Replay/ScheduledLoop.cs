using System.Globalization;
using Kairos.Core;
using Kairos.Trading.Cycle;
using Kairos.Trading.Execution;
using Kairos.Trading.Scheduling;
using Kairos.Trading.State;

namespace Kairos.Trading.Replay;

/// <summary>
/// Runs the bot on a <see cref="TimeProvider"/> — the wall clock in production — as the spec's 60-second loop (§1.2):
/// <see cref="StartAsync"/> runs one cycle at once, then every <see cref="ScheduledLoopSettings.Interval"/> a tick runs
/// the scheduled window that is due, works the order watchers and records equity after each NYSE close. Which windows
/// ran is read from the store's cycles table, so a restart never re-runs a finished window and finishes a cycle a crash
/// interrupted.
/// </summary>
/// <remarks>
/// <para>
/// Start-up (spec INITIAL): a cycle left running by a crash is finished first (the bot redoes it from its recorded
/// account); otherwise the window open now runs if it has not yet; otherwise an <see cref="CycleWindowKind.Initial"/>
/// cycle analyses the whole universe. So every start trades on a fresh plan, as the Python bot did.
/// </para>
/// <para>
/// A window is due at a tick when it is the latest window to have started (today's or yesterday's), it has not run, and
/// no cycle has started since it started. A window the loop slept through (a long cycle, a suspended machine) therefore
/// still runs late, once; an older window overtaken by a later one, or by the start-up cycle, is not caught up.
/// </para>
/// <para>
/// A kill switch newly set to flatten (see <see cref="ScheduledLoopSettings.KillSwitchPath"/>) runs an initial cycle at the
/// next tick, so positions close within a minute rather than at the next window.
/// </para>
/// <para>
/// A step that fails with a retryable broker error (the connection dropped, the broker timed out or answered 5xx) does not
/// end the loop: it is logged and counted, and the next tick first reloads the bot from the store and the broker — as a
/// restart would: pending orders are looked up by client order id, fills that arrived meanwhile are applied — then lets
/// <see cref="BeforeStep"/> reconcile, then finishes the cycle the failure interrupted. After
/// <see cref="ScheduledLoopSettings.MaxConsecutiveFailures"/> failed steps in a row the error is rethrown. Other errors
/// end the loop at once.
/// </para>
/// <para>
/// Steps are not cancelled: cancellation is seen between ticks, so Ctrl+C stops after the step in progress. A step that
/// runs longer than the interval delays the next tick; ticks are never run back to back to catch up.
/// </para>
/// </remarks>
public sealed class ScheduledLoop
{
    private static readonly TimeSpan InitialSpan = TimeSpan.FromMinutes(30);
    private static readonly Dictionary<string, CycleWindowKind> KindsByName = Enum.GetValues<CycleWindowKind>()
        .ToDictionary(k => new CycleWindow(k, default, default, default).Name, StringComparer.Ordinal);

    private readonly TradingBot _bot;
    private readonly TradingStore _store;
    private readonly TradingSchedule _schedule;
    private readonly TimeProvider _time;
    private readonly ScheduledLoopSettings _settings;
    private readonly TextWriter _log;
    private readonly HashSet<string> _ran = new(StringComparer.Ordinal);
    private DateTimeOffset _lastCycleStart;
    private DateTimeOffset _nextSnapshot;
    private bool _flattenSeen;
    private bool _started;
    private bool _resume;
    private (CycleWindow Window, DateTimeOffset StartedAt)? _failed;
    private int _consecutiveFailures;

    public ScheduledLoop(TradingBot bot, TradingStore store, TradingSchedule schedule, TimeProvider time, ScheduledLoopSettings settings, TextWriter? log = null)
    {
        _bot = bot ?? throw new ArgumentNullException(nameof(bot));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        settings.Validate();
        _log = log ?? TextWriter.Null;
    }

    /// <summary>Called after each completed cycle with its window and plan (the CLI prints a line per cycle).</summary>
    public Action<CycleWindow, CyclePlan>? CycleCompleted { get; set; }

    /// <summary>
    /// Runs before every step (the start-up cycle and each tick): a broker adapter reconciles its orders and positions here
    /// after a lost connection.
    /// </summary>
    public Func<CancellationToken, Task>? BeforeStep { get; set; }

    /// <summary>Where failed steps are reported (a quiet run still shows them); null: the loop's log.</summary>
    public TextWriter? Warnings { get; init; }

    /// <summary>Cycles run by this loop (the start-up cycle included).</summary>
    public int Cycles { get; private set; }

    /// <summary>Ticks completed after the start-up step.</summary>
    public int Ticks { get; private set; }

    /// <summary>Steps that failed with a retryable broker error and were retried at the next tick.</summary>
    public int FailedSteps { get; private set; }

    /// <summary>Runs the start-up cycle, then ticks until <see cref="ScheduledLoopSettings.Until"/> or cancellation.</summary>
    public async Task<LoopStop> RunAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return LoopStop.Cancelled;
        }

        if (ReachedUntil())
        {
            return LoopStop.Until;
        }

        await GuardedStepAsync();
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return LoopStop.Cancelled;
            }

            if (ReachedUntil())
            {
                return LoopStop.Until;
            }

            var wait = _settings.Interval;
            if (_settings.Until is { } until && until - _time.GetUtcNow() < wait)
            {
                wait = until - _time.GetUtcNow();
            }

            try
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return LoopStop.Cancelled;
            }

            await GuardedStepAsync();
        }
    }

    /// <summary>
    /// The start-up step until it has run, then a tick; a retryable broker failure is logged and left for the next tick
    /// (see the remarks), until <see cref="ScheduledLoopSettings.MaxConsecutiveFailures"/> of them in a row.
    /// </summary>
    private async Task GuardedStepAsync()
    {
        try
        {
            if (_started)
            {
                await TickAsync(CancellationToken.None);
            }
            else
            {
                await StartAsync(CancellationToken.None);
            }

            _consecutiveFailures = 0;
        }
        catch (Brokers.BrokerException e) when (e.IsRetryable)
        {
            _consecutiveFailures++;
            FailedSteps++;
            _resume = _started;
            var now = _time.GetUtcNow();
            var message = _consecutiveFailures >= _settings.MaxConsecutiveFailures
                ? $"broker unavailable ({e.Message}): {_consecutiveFailures} failed steps in a row, giving up; run the same command to resume"
                : $"broker unavailable ({e.Message}): step failed ({_consecutiveFailures} in a row); the next tick reloads the bot's state and resumes";
            await (Warnings ?? _log).WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{now:yyyy-MM-dd HH:mm:ss}Z {message}"));
            if (_bot.EventLog is { } events)
            {
                await events.WriteLineAsync(message, CancellationToken.None);
            }

            if (_consecutiveFailures >= _settings.MaxConsecutiveFailures)
            {
                throw;
            }
        }
    }

    /// <summary>
    /// After a failed step: reloads the bot as a restart would (pending intents looked up at the broker, fills applied),
    /// runs <see cref="BeforeStep"/> (reconciliation), and finishes the cycle the failure interrupted, if any.
    /// </summary>
    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        await _bot.LoadAsync(cancellationToken);
        if (BeforeStep is { } before)
        {
            await before(cancellationToken);
        }

        var unfinished = await _store.GetUnfinishedCycleAsync(_bot.RunId, cancellationToken);
        var failed = _failed;
        if (unfinished is not null && Rebuild(unfinished) is { } redo)
        {
            await _log.WriteLineAsync($"finishing {unfinished.CycleId}, interrupted at {unfinished.StartedAt:yyyy-MM-dd HH:mm}Z by the failed step");
            await RunCycleAsync(redo, unfinished.StartedAt, cancellationToken);
        }
        else if (failed is { } f)
        {
            // The cycle failed before the store recorded it: it runs again, unless a later window has started since
            // (then that one runs, as after a long step).
            if (DueWindow(_time.GetUtcNow()) is { } later && later.Start > f.Window.Start)
            {
                await _log.WriteLineAsync($"not finishing {f.Window.Key}, interrupted at {f.StartedAt:yyyy-MM-dd HH:mm}Z by the failed step: {later.Key} has started since");
            }
            else
            {
                await _log.WriteLineAsync($"finishing {f.Window.Key}, interrupted at {f.StartedAt:yyyy-MM-dd HH:mm}Z by the failed step");
                await RunCycleAsync(f.Window, f.StartedAt, cancellationToken);
            }
        }

        _failed = null;
        _resume = false;
    }

    /// <summary>
    /// Loads which cycles the run already has and runs the start-up cycle at the clock's instant: the unfinished cycle,
    /// else the open window if it has not run, else an initial cycle. Returns the window that ran.
    /// </summary>
    public async Task<CycleWindow> StartAsync(CancellationToken cancellationToken = default)
    {
        if (BeforeStep is { } before)
        {
            await before(cancellationToken);
        }

        var now = _time.GetUtcNow();
        _ran.Clear();
        foreach (var cycle in await _store.GetCyclesAsync(_bot.RunId, cancellationToken))
        {
            _ran.Add(cycle.CycleId);
        }

        _nextSnapshot = SnapshotSchedule.Next(now, _settings.DailySnapshots);
        _started = true;
        CycleWindow window;
        var startedAt = now;
        var unfinished = await _store.GetUnfinishedCycleAsync(_bot.RunId, cancellationToken);
        if (unfinished is not null && Rebuild(unfinished) is { } redo)
        {
            // The redone cycle keeps its original start, so a window that opened since still counts as due.
            window = redo;
            startedAt = unfinished.StartedAt;
            await _log.WriteLineAsync($"finishing {unfinished.CycleId}, interrupted at {unfinished.StartedAt:yyyy-MM-dd HH:mm}Z");
        }
        else
        {
            if (unfinished is not null)
            {
                await _store.CompleteCycleAsync(_bot.RunId, unfinished.CycleId, CycleStatus.Abandoned, now, cancellationToken);
                await _log.WriteLineAsync($"abandoned {unfinished.CycleId}: its window '{unfinished.Window}' is not one this loop knows");
            }

            window = _schedule.WindowAt(now) is { } open && !_ran.Contains(open.Key) ? open : Initial(now);
        }

        await RunCycleAsync(window, startedAt, cancellationToken);
        _flattenSeen = await FlattenRequestedAsync(cancellationToken);
        return window;
    }

    /// <summary>
    /// One tick at the clock's instant: runs the due window (if any), works the watchers, records equity when a snapshot
    /// instant has passed. Returns the window that ran, or null.
    /// </summary>
    public async Task<CycleWindow?> TickAsync(CancellationToken cancellationToken = default)
    {
        if (!_started)
        {
            throw new InvalidOperationException("StartAsync must run before the first tick.");
        }

        if (_resume)
        {
            await ResumeAsync(cancellationToken);
        }
        else if (BeforeStep is { } before)
        {
            await before(cancellationToken);
        }

        var due = DueWindow(_time.GetUtcNow());
        var flatten = await FlattenRequestedAsync(cancellationToken);
        if (due is null && flatten && !_flattenSeen)
        {
            await _log.WriteLineAsync("kill switch set to flatten: running a cycle now");
            due = Initial(_time.GetUtcNow());
        }

        _flattenSeen = flatten;
        if (due is not null)
        {
            await RunCycleAsync(due, _time.GetUtcNow(), cancellationToken);
        }

        await _bot.PollAsync(cancellationToken);
        var now = _time.GetUtcNow();
        if (now >= _nextSnapshot)
        {
            await _bot.RecordEquityAsync(cancellationToken);

            // After a long sleep several closes may have passed: one snapshot, then the next close after now.
            _nextSnapshot = SnapshotSchedule.Next(now.AddTicks(1), _settings.DailySnapshots);
        }

        Ticks++;
        return due;
    }

    private CycleWindow? DueWindow(DateTimeOffset now)
    {
        var today = UsEastern.DateOf(now);
        var latest = _schedule.WindowsOn(today.AddDays(-1))
            .Concat(_schedule.WindowsOn(today))
            .LastOrDefault(w => w.Start <= now);
        return latest is not null && !_ran.Contains(latest.Key) && _lastCycleStart < latest.Start ? latest : null;
    }

    private async Task RunCycleAsync(CycleWindow window, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        _ran.Add(window.Key);
        _lastCycleStart = startedAt;
        CyclePlan plan;
        try
        {
            plan = await _bot.RunCycleAsync(window, cancellationToken);
        }
        catch (Exception)
        {
            _failed = (window, startedAt);
            throw;
        }

        _failed = null;
        Cycles++;
        CycleCompleted?.Invoke(window, plan);
    }

    /// <summary>The next free initial-cycle occurrence of the Eastern day of <paramref name="now"/>.</summary>
    private CycleWindow Initial(DateTimeOffset now)
    {
        var window = new CycleWindow(CycleWindowKind.Initial, UsEastern.DateOf(now), now, now + InitialSpan);
        while (_ran.Contains(window.Key))
        {
            window = window with { Occurrence = window.Occurrence + 1 };
        }

        return window;
    }

    /// <summary>The window of a recorded cycle, from its id (<c>yyyy-MM-dd/name[-n]</c>); null when the id is not one of ours.</summary>
    private CycleWindow? Rebuild(CycleRecord cycle)
    {
        if (!KindsByName.TryGetValue(cycle.Window, out var kind)
            || cycle.CycleId.Length < 12
            || cycle.CycleId[10] != '/'
            || !DateOnly.TryParseExact(cycle.CycleId[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        var occurrence = 1;
        var rest = cycle.CycleId[11..];
        if (rest != cycle.Window
            && !(rest.StartsWith(cycle.Window + "-", StringComparison.Ordinal)
                && int.TryParse(rest[(cycle.Window.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out occurrence)
                && occurrence > 1))
        {
            return null;
        }

        var scheduled = _schedule.WindowsOn(date).FirstOrDefault(w => w.Kind == kind);
        var window = scheduled ?? new CycleWindow(kind, date, cycle.ScheduledAt, cycle.ScheduledAt + InitialSpan);
        window = window with { Occurrence = occurrence };
        return window.Key == cycle.CycleId ? window : null;
    }

    private async Task<bool> FlattenRequestedAsync(CancellationToken cancellationToken) =>
        _settings.KillSwitchPath is { } path && (await KillSwitch.ReadAsync(path, cancellationToken)).ShouldFlatten;

    private bool ReachedUntil() => _settings.Until is { } until && _time.GetUtcNow() >= until;
}
