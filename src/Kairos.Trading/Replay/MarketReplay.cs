using System.Globalization;
using Kairos.Core;
using Kairos.Trading.Cycle;
using Kairos.Trading.Scheduling;
using Kairos.Trading.Simulation;
using Kairos.Trading.State;

namespace Kairos.Trading.Replay;

/// <summary>
/// Replays history through the whole bot: a simulated clock steps from event to event — scheduled windows, watcher polls,
/// equity snapshots — the simulated broker walks the bars' intraday paths to each instant (fills exact in time), and the
/// bot runs the same cycle it runs on the wall clock. After each step the next instant is checkpointed with the bot's
/// state, so a replay killed at any point resumes where it stopped and ends exactly as an uninterrupted one.
/// </summary>
public sealed class MarketReplay
{
    public const string NextKey = "replay.next";

    private readonly TradingBot _bot;
    private readonly SimulatedBroker _broker;
    private readonly SimulatedClock _clock;
    private readonly TradingSchedule _schedule;
    private readonly TradingStore _store;
    private readonly ReplaySettings _settings;

    public MarketReplay(TradingBot bot, SimulatedBroker broker, SimulatedClock clock, TradingSchedule schedule, TradingStore store, ReplaySettings settings)
    {
        _bot = bot ?? throw new ArgumentNullException(nameof(bot));
        _broker = broker ?? throw new ArgumentNullException(nameof(broker));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        settings.Validate();
    }

    /// <summary>Called after each completed step with its instant (progress lines; crash tests throw from it).</summary>
    public Action<DateTimeOffset>? StepCompleted { get; set; }

    public int Steps { get; private set; }

    public int Cycles { get; private set; }

    /// <summary>Runs (or resumes) the replay to its end.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var saved = await _store.GetCheckpointAsync(_bot.RunId, NextKey, cancellationToken);
        var next = saved is null ? _settings.Start : DateTimeOffset.Parse(saved, CultureInfo.InvariantCulture);
        while (next <= _settings.End)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (next > _clock.GetUtcNow())
            {
                _clock.Set(next);
            }

            await _broker.AdvanceAsync(next, cancellationToken);
            var window = _schedule.WindowAt(next);
            if (window is not null && window.Start == next)
            {
                await _bot.RunCycleAsync(window, cancellationToken);
                Cycles++;
            }

            await _bot.PollWatchersAsync(cancellationToken);
            var following = Following(next);
            await _bot.SaveStepAsync(IsSnapshotInstant(next) || next == _settings.Start || next == _settings.End, (NextKey, following.ToString("O", CultureInfo.InvariantCulture)), cancellationToken);
            Steps++;
            StepCompleted?.Invoke(next);
            next = following;
        }
    }

    private DateTimeOffset Following(DateTimeOffset t)
    {
        var after = t.AddTicks(1);
        var candidates = new List<DateTimeOffset> { _schedule.NextWindow(after).Start, NextSnapshot(after) };
        if (_bot.HasActiveWatchers)
        {
            // Equity watchers have nothing to react to while the NYSE is closed (no price moves, no fills): their next
            // poll is the open. The close itself is a step (the equity snapshot), so DAY expiry is seen on time.
            var nyseOpen = NyseCalendar.Instance.IsOpen(t);
            var poll = t + (nyseOpen ? _settings.PollInterval : _settings.OffHoursPollInterval);
            if (!_bot.HasActiveCryptoWatchers && !NyseCalendar.Instance.IsOpen(poll))
            {
                poll = NyseCalendar.Instance.NextOpen(poll);
            }

            candidates.Add(poll);
        }

        var next = candidates.Min();
        if (t < _settings.End && next > _settings.End)
        {
            return _settings.End;
        }

        return next;
    }

    private bool IsSnapshotInstant(DateTimeOffset t) => NextSnapshot(t) == t;

    private DateTimeOffset NextSnapshot(DateTimeOffset t) => SnapshotSchedule.Next(t, _settings.DailySnapshots);
}
