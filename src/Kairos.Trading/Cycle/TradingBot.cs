using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Forecasting;
using Kairos.Forecasting.Caching;
using Kairos.Trading.Analysis;
using Kairos.Trading.Brokers;
using Kairos.Trading.Execution;
using Kairos.Trading.Monitoring;
using Kairos.Trading.Prediction;
using Kairos.Trading.Scheduling;
using Kairos.Trading.State;

namespace Kairos.Trading.Cycle;

/// <summary>
/// The trading cycle of spec §1.3–§1.5 over one broker: analysis (backtest stage → selection and gates), portfolio,
/// close rules, sizing and order watchers, and the polling that works the watchers between cycles. The same code runs
/// under the market replay's simulated clock and under the wall clock. Every decision, order intent, fill, position,
/// closed trade and equity snapshot goes to the <see cref="TradingStore"/> in transactions; <see cref="LoadAsync"/>
/// resumes from it after a restart and reconciles with the broker, so a crash at any point neither loses a fill nor
/// doubles an order.
/// </summary>
public sealed class TradingBot
{
    private const string StateKey = "bot.state";
    /// <summary>The run checkpoint holding the <see cref="RollbackRecord"/> once the bot switched to the conservative configuration.</summary>
    public const string RollbackKey = "bot.rollback";

    /// <summary>The run checkpoint counting the symbol analyses that ran out of memory (absent: none).</summary>
    public const string MemoryFailuresKey = "bot.memory_failures";
    private static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    private readonly IBroker _broker;
    private readonly JournalingBroker _journal;
    private readonly TradingStore _store;
    private readonly long _runId;
    private readonly IBarFeed _feed;
    private readonly IReadOnlyList<Instrument> _universe;
    private BacktestStage _stage;
    private readonly TradingBotSettings _settings;
    private readonly TimeProvider _time;
    private readonly TextWriter _log;
    private readonly WatcherEngine _engine;
    private readonly WatcherFactory _factory;
    private readonly PositionSizer _sizer;
    private PredictionScheduler _predictions;
    private readonly Dictionary<string, (DateOnly LastBar, double Close)> _pendingForecasts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Watcher> _watchers = new(StringComparer.Ordinal);
    private PositionBook _book = new();
    private Dictionary<string, OrderTag> _tags = new(StringComparer.Ordinal);
    private long _lastFillSequence;
    private bool _watchersDirty;
    private long _memoMisses;
    private long _memoHits;
    private long _dayCacheHits;
    private long _dayCacheMisses;
    private DateOnly? _lastHealthDay;
    private int _memoryFailures;

    public TradingBot(
        IBroker broker,
        TradingStore store,
        long runId,
        IBarFeed feed,
        IReadOnlyList<Instrument> universe,
        BacktestStage stage,
        TradingBotSettings settings,
        TimeProvider time,
        TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(universe);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        settings.Validate();
        _broker = broker;
        _store = store;
        _runId = runId;
        _feed = feed;
        _universe = universe;
        _stage = stage;
        _settings = settings;
        _time = time;
        _log = log ?? TextWriter.Null;
        _journal = new JournalingBroker(broker, store, runId, time);
        _engine = new WatcherEngine(_journal, settings.OrderRules, settings.Watchers);
        _factory = new WatcherFactory(settings.ClientIdPrefix, settings.Watchers);
        _sizer = new PositionSizer(settings.Risk, settings.OrderRules);
        _predictions = new PredictionScheduler(settings.Prediction);
    }

    /// <summary>Called at named instants (after an intent is recorded, after a submit, between cycle stages, …); crash tests throw from it.</summary>
    public Action<string>? CrashPoint
    {
        get => _journal.CrashPoint;
        set => _journal.CrashPoint = value;
    }

    /// <summary>Where the cycle reports its timings, forecast reuse and missed picks (optional).</summary>
    public KairosMetrics? Metrics { get; init; }

    /// <summary>Collects <see cref="Metrics"/>' measurements of each cycle into rows stored with the cycle (optional).</summary>
    public CycleMetricsRecorder? MetricsRecorder { get; init; }

    /// <summary>Compares the run's health with a baseline once a day and switches to the conservative configuration when a trigger fires (optional).</summary>
    public RollbackGuard? Rollback { get; init; }

    /// <summary>
    /// Builds the backtest stage of the conservative configuration: forecasts computed in the process (no persistent cache)
    /// and the default optimiser budgets. Needed for <see cref="Rollback"/>, and to stay conservative after a restart.
    /// </summary>
    public Func<BacktestStage>? ConservativeStage { get; init; }

    /// <summary>
    /// The batched, asynchronous event log (optional): cycle summaries, closed trades, order rejections and rollbacks in the
    /// main file; every decision with its reasons, expiries and skipped exit refreshes in per-day verbose files when enabled.
    /// </summary>
    public BatchedLogWriter? EventLog { get; init; }

    /// <summary>Set once the bot switched to the conservative configuration (restored by <see cref="LoadAsync"/>).</summary>
    public RollbackRecord? RolledBack { get; private set; }

    /// <summary>True while some watcher still works an order or waits for one (the replay polls only then).</summary>
    public bool HasActiveWatchers => _watchers.Values.Any(w => w.IsActive);

    /// <summary>True while a crypto watcher is active (crypto trades around the clock, so it needs polls at night too).</summary>
    public bool HasActiveCryptoWatchers => _watchers.Values.Any(w => w.IsActive && w.Instrument.IsCrypto);

    public IReadOnlyCollection<BookPosition> Positions => _book.Positions;

    public long RunId => _runId;

    /// <summary>
    /// Restores the bot's state from the store and reconciles it with the broker (pending intents, fills meanwhile). Also
    /// called again on a running bot after a failed step (<see cref="Replay.ScheduledLoop"/>): it then drops whatever the
    /// interrupted step held only in memory.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var json = await _store.GetCheckpointAsync(_runId, StateKey, cancellationToken);
        if (json is not null)
        {
            var state = JsonSerializer.Deserialize<BotState>(json, JsonOptions) ?? new BotState();
            _book = new PositionBook(state.Positions);
            _tags = new Dictionary<string, OrderTag>(state.Tags, StringComparer.Ordinal);
            _lastFillSequence = state.LastFillSequence;
        }

        _watchers.Clear();
        foreach (var stored in await _store.LoadActiveWatchersAsync(_runId, cancellationToken))
        {
            var watcher = WatcherJson.DeserializeOne(stored.Json);
            _watchers[watcher.Id] = watcher;
        }

        foreach (var intent in await _store.GetPendingIntentsAsync(_runId, cancellationToken))
        {
            var order = await _broker.GetOrderByClientIdAsync(intent.ClientOrderId, cancellationToken);
            if (order is null)
            {
                await _store.MarkRejectedAsync(intent.ClientOrderId, "never reached the broker (process stopped before the submit); the watcher resubmits if still needed", _time.GetUtcNow(), cancellationToken);
            }
            else if (order.Status == OrderStatus.Rejected)
            {
                await _store.MarkRejectedAsync(intent.ClientOrderId, order.RejectReason ?? "rejected", _time.GetUtcNow(), cancellationToken);
            }
            else
            {
                await _store.MarkSubmittedAsync(intent.ClientOrderId, order.Id, order.Status, _time.GetUtcNow(), cancellationToken);
            }
        }

        _memoryFailures = await ReadMemoryFailuresAsync(_store, _runId, cancellationToken);
        if (RolledBack is null && await _store.GetCheckpointAsync(_runId, RollbackKey, cancellationToken) is { } rollback)
        {
            await SwitchToConservativeAsync(JsonSerializer.Deserialize<RollbackRecord>(rollback, JsonOptions)!, true, cancellationToken);
        }

        await ProcessFillsAsync(cancellationToken);
    }

    /// <summary>
    /// Applies the broker's new fills to the book: closed trades, positions, order states — one transaction. Only fills of
    /// orders this run placed (an intent of the run in the store) enter the book; a fill of any other order on the account
    /// (placed by hand, by another program, by an earlier run) is logged and skipped, so the bot never books — and never
    /// trades to close — a position it did not open.
    /// </summary>
    public async Task<int> ProcessFillsAsync(CancellationToken cancellationToken = default)
    {
        var received = await _broker.GetFillsAsync(_lastFillSequence, cancellationToken);
        if (received.Count == 0)
        {
            return 0;
        }

        var fills = new List<Fill>(received.Count);
        var own = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var fill in received)
        {
            if (!own.TryGetValue(fill.ClientOrderId, out var ours))
            {
                ours = await _store.GetIntentAsync(fill.ClientOrderId, cancellationToken) is { } intent && intent.RunId == _runId;
                own[fill.ClientOrderId] = ours;
            }

            if (ours)
            {
                fills.Add(fill);
            }
            else
            {
                await LogAsync(string.Create(CultureInfo.InvariantCulture, $"fill of {fill.ClientOrderId} ({fill.Instrument.Symbol} {fill.Side} {fill.Quantity} @ {fill.Price}) ignored: not an order of this run"), false, cancellationToken);
            }
        }

        _lastFillSequence = Math.Max(_lastFillSequence, received.Max(static f => f.Sequence));
        if (fills.Count == 0)
        {
            // Only the mark moved: stored, so a restart does not see these fills again.
            await _store.SetCheckpointAsync(_runId, StateKey, SerializeState(), cancellationToken);
            return 0;
        }

        var closed = new List<ClosedTrade>();
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var fill in fills)
        {
            var tag = TagOf(fill.ClientOrderId);
            if (_book.Apply(fill, tag) is { } trade)
            {
                closed.Add(trade);
            }

            touched.Add(fill.Instrument.Symbol);
        }

        var orders = new List<Order>();
        foreach (var clientId in fills.Select(f => f.ClientOrderId).Distinct(StringComparer.Ordinal))
        {
            if (await _broker.GetOrderByClientIdAsync(clientId, cancellationToken) is { } order)
            {
                orders.Add(order);
            }
        }

        var stateJson = SerializeState();
        await _store.WriteBatchAsync(
            b =>
            {
                b.RecordFills(_runId, fills);
                foreach (var o in orders)
                {
                    b.UpdateOrderStatus(o);
                }

                foreach (var t in closed)
                {
                    b.RecordClosedTrade(_runId, t);
                }

                foreach (var symbol in touched)
                {
                    if (_book.Get(symbol) is { } p)
                    {
                        b.UpsertPosition(_runId, new StoredPosition(p.Instrument, p.Quantity, p.AverageEntryPrice, p.Strategy, p.OpenedAt));
                    }
                    else
                    {
                        b.DeletePosition(_runId, symbol);
                    }
                }

                b.SetCheckpoint(_runId, StateKey, stateJson);
            },
            cancellationToken);
        foreach (var t in closed)
        {
            await LogAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"closed {t.Instrument.Symbol} {Side(t.Side)} {t.Quantity} ({t.Strategy.Name()}) {t.EntryPrice:0.####} -> {t.ExitPrice:0.####}: {t.RealizedPnl:+0.00;-0.00} ({t.Reason})"),
                false,
                cancellationToken);
        }

        CrashPoint?.Invoke("fills-processed");
        return fills.Count;
    }

    /// <summary>Runs one scheduled cycle at the clock's current instant and returns what it decided.</summary>
    public async Task<CyclePlan> RunCycleAsync(CycleWindow window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        var started = Stopwatch.GetTimestamp();
        using var cycleActivity = KairosTelemetry.Source.StartActivity("cycle");
        var now = _time.GetUtcNow();
        using (KairosTelemetry.Source.StartActivity("cycle.fills"))
        {
            await ProcessFillsAsync(cancellationToken);
        }

        // A cycle interrupted by a crash is redone from the inputs it recorded, so it sizes exactly as the first time.
        var cycleId = window.Key;
        if ((await _store.GetCyclesAsync(_runId, cancellationToken)).Any(c => c.CycleId == cycleId && c.Status == CycleStatus.Completed))
        {
            // A restart redoing the step of a cycle that completed before the crash: its decisions and watchers are stored.
            return new CyclePlan([], [], [], []);
        }

        var unfinished = await _store.GetUnfinishedCycleAsync(_runId, cancellationToken);
        AccountSnapshot account;
        DateTimeOffset cycleStart;
        if (unfinished is not null && unfinished.CycleId == cycleId && unfinished.Account is not null)
        {
            account = unfinished.Account;
            cycleStart = unfinished.StartedAt;
        }
        else
        {
            account = await _broker.GetAccountAsync(cancellationToken);
            cycleStart = now;
            await _store.BeginCycleAsync(new CycleRecord(_runId, cycleId, window.Name, window.Start, now, null, CycleStatus.Running, account), cancellationToken);
        }

        CrashPoint?.Invoke("cycle-begun");
        var clock = await _broker.GetClockAsync(cancellationToken);
        var brokerPositions = await _broker.GetPositionsAsync(cancellationToken);
        var openOrders = (await _broker.GetOpenOrdersAsync(cancellationToken)).Where(o => o.SubmittedAt < cycleStart).ToList();

        var scope = _universe.Where(i => !window.CryptoOnly || i.IsCrypto).ToList();
        var analysisStarted = Stopwatch.GetTimestamp();
        var recent = await _store.GetClosedTradesAsync(now - _settings.TradeMemory, _runId, cancellationToken);
        await _feed.RefreshAsync(now, cancellationToken);
        var (analyses, notAnalysed, slots) = await AnalyseAsync(scope, now, recent, cancellationToken);
        Metrics?.RecordStage("analysis", Stopwatch.GetElapsedTime(analysisStarted));
        RecordForecastReuse();
        var portfolioActivity = KairosTelemetry.Source.StartActivity("cycle.portfolio");
        var picks = window.CloseOnly
            ? []
            : PortfolioBuilder.Build(analyses, window.Kind == CycleWindowKind.SecondHour ? PortfolioSettings.SecondHour : _settings.Portfolio).Picks.Select(p => p.Analysis).ToList();
        portfolioActivity?.Dispose();
        var planActivity = KairosTelemetry.Source.StartActivity("cycle.plan");
        var kill = _settings.KillSwitchPath is null ? new KillSwitchState(KillSwitchMode.Off, null) : await KillSwitch.ReadAsync(_settings.KillSwitchPath, cancellationToken);
        var plan = CyclePlanner.Plan(
            new CyclePlanInput
            {
                Window = window,
                Now = now,
                NyseOpen = clock.IsOpen,
                Analyses = analyses,
                Picks = picks,
                NotAnalysed = notAnalysed,
                Positions = _book.Positions,
                RecentTrades = recent,
                EntriesHalted = !kill.AllowsEntries,
                Flatten = kill.ShouldFlatten,
            },
            _settings.Cycle);

        planActivity?.Dispose();
        var ordersActivity = KairosTelemetry.Source.StartActivity("cycle.orders");
        _journal.CycleId = cycleId;
        var decisions = plan.Decisions.ToDictionary(d => d.Instrument.Symbol, StringComparer.Ordinal);
        foreach (var close in plan.Closes)
        {
            await StartCloseAsync(close, now, cancellationToken);
        }

        foreach (var refresh in plan.ExitRefreshes)
        {
            // An exit is re-priced only from a fresh forecast; a stale one leaves the working take-profit in place.
            var freshness = ForecastFreshness.Check(slots[refresh.Instrument.Symbol].ForecastAt, _time.GetUtcNow(), _settings.Prediction.MaxForecastAge);
            if (freshness.Fresh)
            {
                await RefreshExitAsync(refresh, now, cancellationToken);
            }
            else
            {
                await LogAsync($"{refresh.Instrument.Symbol} exit refresh skipped: {freshness.Reason}", true, cancellationToken);
            }
        }

        var planned = new List<Order>(openOrders);
        foreach (var entry in plan.Entries)
        {
            var symbol = entry.Analysis.Instrument.Symbol;
            var d = decisions[symbol];
            var freshness = ForecastFreshness.Check(slots[symbol].ForecastAt, _time.GetUtcNow(), _settings.Prediction.MaxForecastAge);
            var outcome = freshness.Fresh
                ? await StartEntryAsync(entry, account, brokerPositions, planned, now, cancellationToken)
                : "stale forecast: " + freshness.Reason;
            if (outcome is not null)
            {
                Metrics?.AddMissedPick(outcome.Split(':')[0]);
                decisions[symbol] = d with { Action = "skip", Reasons = [.. d.Reasons, outcome] };
            }
            else
            {
                Metrics?.RecordForecastAge(freshness.Age);
                decisions[symbol] = d with { Reasons = [.. d.Reasons, ForecastFreshness.Describe(freshness)] };
            }
        }

        ordersActivity?.Dispose();
        CrashPoint?.Invoke("cycle-planned");
        using var recordActivity = KairosTelemetry.Source.StartActivity("cycle.record");
        var byAnalysis = analyses.ToDictionary(a => a.Instrument.Symbol, StringComparer.Ordinal);
        var records = decisions.Values
            .OrderBy(d => d.Instrument.Symbol, StringComparer.Ordinal)
            .Select(d => new DecisionRecord(
                _runId,
                cycleId,
                now,
                d.Instrument.Symbol,
                ActionOf(d.Action),
                d.Strategy,
                d.Side,
                d.Reasons,
                byAnalysis.TryGetValue(d.Instrument.Symbol, out var a) ? ForecastJson(a, slots[d.Instrument.Symbol], now) : null,
                d.CompositeScore))
            .ToList();
        var watcherStates = WatcherStates();
        var stateJson = SerializeState();
        var elapsed = Stopwatch.GetElapsedTime(started);
        foreach (var pick in picks.Where(p => p.TradeBlocked))
        {
            Metrics?.AddMissedPick("blocked");
        }

        await CheckHealthAsync(now, cancellationToken);
        Metrics?.RecordCycle(elapsed);
        var collected = MetricsRecorder?.Collect() ?? [];
        await _store.WriteBatchAsync(
            b =>
            {
                b.RecordDecisions(records);
                b.SaveWatchers(_runId, watcherStates);
                b.SetCheckpoint(_runId, StateKey, stateJson);
                b.RecordMetrics(_runId, cycleId, [
                    new CycleMetric("analysed", analyses.Count),
                    new CycleMetric("picks", picks.Count),
                    new CycleMetric("entries", plan.Entries.Count),
                    new CycleMetric("closes", plan.Closes.Count),
                    new CycleMetric("seconds", elapsed.TotalSeconds),
                    .. collected,
                ]);
                b.CompleteCycle(_runId, cycleId, CycleStatus.Completed, now);
            },
            cancellationToken);
        _journal.CycleId = null;
        PruneInactive();
        _watchersDirty = false;
        await LogAsync(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{window.Name}: {analyses.Count} analysed, {picks.Count} picked, {plan.Entries.Count} entries, {plan.Closes.Count} closes{(kill.AllowsEntries ? string.Empty : " (kill switch engaged)")}"),
            false,
            cancellationToken);
        foreach (var r in records)
        {
            await LogAsync($"  {r.Symbol} {r.Action.ToString().ToLowerInvariant()}{(r.Strategy is { } k ? " " + k.Name() : string.Empty)}{(r.Side is { } sd ? " " + Side(sd) : string.Empty)}: {string.Join("; ", r.Reasons)}", true, cancellationToken);
        }

        return plan;
    }

    /// <summary>Works every active watcher once at the clock's instant (after applying new fills) and saves them.</summary>
    public async Task PollAsync(CancellationToken cancellationToken = default)
    {
        await PollWatchersAsync(cancellationToken);
        await SaveStepAsync(false, null, cancellationToken);
    }

    /// <summary>Applies new fills and works every active watcher once; the watchers are saved by <see cref="SaveStepAsync"/>.</summary>
    public async Task PollWatchersAsync(CancellationToken cancellationToken = default)
    {
        await ProcessFillsAsync(cancellationToken);
        var now = _time.GetUtcNow();

        // The kill switch stops entries the moment it is seen, not at the next cycle: entry plans made before it was
        // engaged are stopped and their resting orders cancelled (exits and back-outs go on).
        if (_settings.KillSwitchPath is { } killPath && !(await KillSwitch.ReadAsync(killPath, cancellationToken)).AllowsEntries)
        {
            foreach (var w in _watchers.Values.Where(w => w.IsActive && w.Purpose is Execution.OrderPurpose.Entry or Execution.OrderPurpose.Ramp or Execution.OrderPurpose.AlwaysOn).ToList())
            {
                await SupersedeAsync(w, "kill switch engaged: entries stopped", cancellationToken);
                _watchersDirty = true;
            }
        }

        foreach (var watcher in _watchers.Values.Where(w => w.IsActive).ToList())
        {
            _journal.Strategy = watcher.Strategy;
            _journal.Purpose = watcher.Purpose;
            var poll = await _engine.PollAsync(watcher, now, cancellationToken);
            _watchers[watcher.Id] = poll.Watcher;
            _watchersDirty |= poll.Watcher != watcher;
            foreach (var e in poll.Events.Where(e => e.Kind is WatcherEventKind.Rejected or WatcherEventKind.Failed or WatcherEventKind.Expired))
            {
                await LogAsync($"{watcher.Instrument.Symbol} {e.Kind.ToString().ToLowerInvariant()}: {e.Reason}", e.Kind == WatcherEventKind.Expired, cancellationToken);
            }
        }

        CrashPoint?.Invoke("watchers-polled");
    }

    /// <summary>
    /// Saves, in one transaction, the watchers changed since the last save, optionally an equity snapshot, and an optional
    /// checkpoint of the driver (the replay's next instant), so a step is either wholly on disk or not at all.
    /// </summary>
    public async Task SaveStepAsync(bool recordEquity, (string Key, string Value)? checkpoint, CancellationToken cancellationToken = default)
    {
        EquitySnapshot? snapshot = recordEquity ? await EquityNowAsync(cancellationToken) : null;
        if (!_watchersDirty && snapshot is null && checkpoint is null)
        {
            return;
        }

        var states = _watchersDirty ? WatcherStates() : null;
        await _store.WriteBatchAsync(
            b =>
            {
                if (states is not null)
                {
                    b.SaveWatchers(_runId, states);
                }

                if (snapshot is not null)
                {
                    b.RecordEquity(_runId, snapshot);
                }

                if (checkpoint is { } c)
                {
                    b.SetCheckpoint(_runId, c.Key, c.Value);
                }
            },
            cancellationToken);
        if (states is not null)
        {
            PruneInactive();
            _watchersDirty = false;
        }
    }

    /// <summary>Records the account's equity and per-symbol market values at the clock's instant.</summary>
    public async Task<EquitySnapshot> RecordEquityAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await EquityNowAsync(cancellationToken);
        await _store.RecordEquityAsync(_runId, snapshot, cancellationToken);
        return snapshot;
    }

    private async Task<EquitySnapshot> EquityNowAsync(CancellationToken cancellationToken)
    {
        var account = await _broker.GetAccountAsync(cancellationToken);
        var positions = await _broker.GetPositionsAsync(cancellationToken);
        var values = positions.ToDictionary(p => p.Instrument.Symbol, p => p.MarketValue, StringComparer.Ordinal);
        return new EquitySnapshot(_time.GetUtcNow(), account.Cash, account.Equity, positions.Sum(p => Math.Abs(p.MarketValue)), values);
    }

    private void RecordForecastReuse()
    {
        (long Hits, long Misses) cycle;
        switch (_stage.Store)
        {
            case ForecastCache cache:
                var stats = cache.TakeCycleStatistics();
                cycle = (stats.Hits, stats.Misses);
                break;
            case ForecastMemo memo:
                cycle = (memo.Hits - _memoHits, memo.Misses - _memoMisses);
                (_memoMisses, _memoHits) = (memo.Misses, memo.Hits);
                break;
            default:
                return;
        }

        // A switched stage starts its own counts: a negative delta is the new store's first reading.
        cycle = (Math.Max(0, cycle.Hits), Math.Max(0, cycle.Misses));
        _dayCacheHits += cycle.Hits;
        _dayCacheMisses += cycle.Misses;
        Metrics?.AddForecastsComputed(cycle.Misses);
        Metrics?.AddForecastsCached(cycle.Hits);
    }

    /// <summary>
    /// Once per US/Eastern day (on its first cycle, judging the days before): records the run's trading statistics and,
    /// with a <see cref="Rollback"/> guard, compares the run's health with the baseline. The run's first day is a warm-up
    /// (a cold cache's hit rate says nothing); Sharpe and win rate wait for <see cref="RollbackGuard.MinTrades"/> trades.
    /// </summary>
    private async Task CheckHealthAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var day = UsEastern.DateOf(now);
        if (_lastHealthDay == day || (Metrics is null && Rollback is null))
        {
            return;
        }

        var warmUp = _lastHealthDay is null;
        _lastHealthDay = day;
        var (hits, misses) = (_dayCacheHits, _dayCacheMisses);
        (_dayCacheHits, _dayCacheMisses) = (0, 0);
        var data = await Reporting.SimulationReportData.LoadAsync(_store, _runId, 0m, cancellationToken);
        var performance = data.Performance;
        if (data.EquityCurve.Count > 1)
        {
            Metrics?.RecordTrading(performance);
        }

        if (Rollback is not { } guard || RolledBack is not null || warmUp)
        {
            return;
        }

        var judged = performance.Trades >= guard.MinTrades;
        var health = new HealthSnapshot(
            judged ? performance.Sharpe : double.NaN,
            judged ? performance.WinRate : double.NaN,
            judged ? performance.Trades : 0,
            hits,
            misses,
            _memoryFailures);
        var verdict = RollbackPolicy.Evaluate(guard.Baseline, health, guard.Thresholds);
        if (!verdict.ShouldRollBack)
        {
            return;
        }

        var record = new RollbackRecord(now, guard.BaselineName, verdict.Triggers);
        await _store.SetCheckpointAsync(_runId, RollbackKey, JsonSerializer.Serialize(record, JsonOptions), cancellationToken);
        await SwitchToConservativeAsync(record, false, cancellationToken);
    }

    /// <summary>
    /// The conservative configuration: the stage from <see cref="ConservativeStage"/> (no persistent forecast cache, default
    /// optimiser budgets) and every symbol re-predicted on every cycle. One way: the run stays conservative, also after a restart.
    /// </summary>
    private async Task SwitchToConservativeAsync(RollbackRecord record, bool restored, CancellationToken cancellationToken)
    {
        RolledBack = record;
        if (ConservativeStage is { } build)
        {
            _stage = build();
            (_memoHits, _memoMisses) = (0, 0);
        }

        _predictions = new PredictionScheduler(_settings.Prediction with { Rules = RePredictionRules.Always });
        var why = string.Join("; ", record.Triggers);
        if (restored)
        {
            // A restart of a rolled-back run: it stays conservative, and the switch is not counted a second time.
            await LogAsync($"conservative configuration kept: the run rolled back against {record.Baseline} at {record.At:yyyy-MM-dd HH:mm}Z because {why}", false, cancellationToken);
            return;
        }

        await LogAsync($"ROLLBACK against {record.Baseline} (triggered {record.At:yyyy-MM-dd HH:mm}Z): switched to the conservative configuration (forecast cache off, full re-prediction, default optimiser budgets) because {why}", false, cancellationToken);
        Metrics?.AddRollback();
    }

    /// <summary>
    /// One log line: to the console writer (stamped with the clock's minute) and to the batched event log — the main file,
    /// or with <paramref name="verbose"/> the per-day verbose file, which is written only when the log enables it.
    /// </summary>
    private async Task LogAsync(string message, bool verbose, CancellationToken cancellationToken)
    {
        await _log.WriteLineAsync($"{_time.GetUtcNow():yyyy-MM-dd HH:mm}Z {message}");
        if (EventLog is null)
        {
            return;
        }

        if (verbose)
        {
            await EventLog.WriteVerboseAsync(message, cancellationToken);
        }
        else
        {
            await EventLog.WriteLineAsync(message, cancellationToken);
        }
    }

    /// <summary>
    /// Analyses the scope: the re-prediction policy picks the symbols whose backtest (and forecast) is run again; the
    /// others trade on their last analysis, re-read against this cycle's quote. Returns every symbol's slot, which carries
    /// when its forecast was made for the freshness check of the order path.
    /// </summary>
    private async Task<(List<SymbolAnalysis> Analyses, List<(Instrument, string)> NotAnalysed, Dictionary<string, ScheduledPrediction> Slots)> AnalyseAsync(
        List<Instrument> scope,
        DateTimeOffset now,
        IReadOnlyList<ClosedTrade> recent,
        CancellationToken cancellationToken)
    {
        var series = new List<BarSeries>();
        var notAnalysed = new List<(Instrument, string)>();
        var quotes = new Dictionary<string, Quote?>(StringComparer.Ordinal);
        foreach (var instrument in scope)
        {
            var bars = _feed.CompletedBars(instrument, now);
            if (bars is null || bars.Count == 0)
            {
                notAnalysed.Add((instrument, "no completed bars at this time"));
            }
            else
            {
                series.Add(bars);
                quotes[instrument.Symbol] = await _broker.GetQuoteAsync(instrument, cancellationToken);
            }
        }

        var prices = quotes.Where(q => q.Value is { Mid: > 0 }).ToDictionary(q => q.Key, q => q.Value!.Mid, StringComparer.Ordinal);
        var held = new HashSet<string>(_book.Positions.Select(p => p.Instrument.Symbol), StringComparer.Ordinal);
        held.UnionWith(_watchers.Values.Where(w => w.IsActive).Select(w => w.Instrument.Symbol));
        var slots = _predictions.Plan(series, prices, held, now);
        RecordForecastErrors(slots);
        var toRun = slots.Where(p => p.Decision.Predict).Select(p => p.Series).ToList();
        IReadOnlyList<BacktestOutcome> computed;
        using (KairosTelemetry.Source.StartActivity("cycle.backtests"))
        {
            computed = toRun.Count == 0 ? [] : await _stage.RunAsync(toRun, cancellationToken);
        }

        var fresh = computed.ToDictionary(o => o.Instrument.Symbol, StringComparer.Ordinal);
        await CountMemoryFailuresAsync(computed, cancellationToken);
        foreach (var outcome in computed)
        {
            Metrics?.RecordSymbol(outcome.Instrument.Symbol, outcome.Elapsed);
        }

        Metrics?.AddSymbolsRepredicted(computed.Count);
        Metrics?.AddSymbolsReused(slots.Count - computed.Count);
        using var selection = KairosTelemetry.Source.StartActivity("cycle.selection");
        var analyses = new List<SymbolAnalysis>();
        foreach (var slot in slots)
        {
            var symbol = slot.Instrument.Symbol;
            var outcome = slot.Reused ?? fresh[symbol];
            _predictions.Remember(slot, outcome);
            if (outcome.Backtest is null)
            {
                notAnalysed.Add((outcome.Instrument, outcome.Failure ?? "no backtest"));
                continue;
            }

            var bars = slot.Series;
            var context = new AnalysisContext(now, quotes[symbol], [.. recent.Where(t => t.Instrument.Symbol == symbol)])
            {
                LastBar = bars[bars.Count - 1],
            };
            analyses.Add(SymbolAnalyzer.Analyze(outcome.Backtest, context, _settings.Selection));
        }

        _predictions.RememberScores(analyses);
        foreach (var a in analyses.Where(a => slots.First(p => p.Instrument == a.Instrument).Decision.Predict))
        {
            _pendingForecasts[a.Instrument.Symbol] = (a.LastBarDate, a.PredictedClose);
        }

        return (analyses, notAnalysed, slots.ToDictionary(p => p.Instrument.Symbol, StringComparer.Ordinal));
    }

    /// <summary>Analyses the run could not do for want of memory so far (restored by <see cref="LoadAsync"/>).</summary>
    public int MemoryFailures => _memoryFailures;

    /// <summary>The memory failures run <paramref name="runId"/> recorded (0 when it recorded none).</summary>
    public static async Task<int> ReadMemoryFailuresAsync(TradingStore store, long runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.GetCheckpointAsync(runId, MemoryFailuresKey, cancellationToken);
        return stored is not null && int.TryParse(stored, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count
            : 0;
    }

    /// <summary>
    /// Counts the cycle's out-of-memory analyses: the run's total is a checkpoint (a restart keeps it), a metric and a log
    /// line per symbol. The rollback check compares the total with the baseline's.
    /// </summary>
    private async Task CountMemoryFailuresAsync(IReadOnlyList<BacktestOutcome> computed, CancellationToken cancellationToken)
    {
        var failed = computed.Where(static o => o.OutOfMemory).ToList();
        if (failed.Count == 0)
        {
            return;
        }

        _memoryFailures += failed.Count;
        await _store.SetCheckpointAsync(_runId, MemoryFailuresKey, _memoryFailures.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        Metrics?.AddMemoryFailures(failed.Count);
        foreach (var outcome in failed)
        {
            await LogAsync($"MEMORY FAILURE analysing {outcome.Instrument.Symbol} ({outcome.Failure}); skipped this cycle, {_memoryFailures} in the run", false, cancellationToken);
        }
    }

    /// <summary>
    /// Quality: once the bar a symbol's last forecast was for has completed, its predicted close is scored against the
    /// realised close (<see cref="KairosMetrics.RecordForecastError"/>), once per forecast.
    /// </summary>
    private void RecordForecastErrors(IReadOnlyList<ScheduledPrediction> slots)
    {
        foreach (var slot in slots)
        {
            var symbol = slot.Instrument.Symbol;
            if (!_pendingForecasts.TryGetValue(symbol, out var pending))
            {
                continue;
            }

            var bars = slot.Series;
            for (var i = bars.Count - 1; i >= 0 && bars[i].Date > pending.LastBar; i--)
            {
                if (i == 0 || bars[i - 1].Date <= pending.LastBar)
                {
                    if (Metrics is not null && double.IsFinite(pending.Close) && double.IsFinite(bars[i].Close) && bars[i].Close != 0)
                    {
                        Metrics.RecordForecastError(pending.Close, bars[i].Close);
                    }

                    _pendingForecasts.Remove(symbol);
                    break;
                }
            }
        }
    }

    private async Task StartCloseAsync(PlannedClose close, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var symbol = close.Instrument.Symbol;
        var strategy = _book.Get(symbol)?.Strategy ?? StrategyKind.Simple;
        foreach (var w in _watchers.Values.Where(w => w.IsActive && w.Instrument.Symbol == symbol).ToList())
        {
            await SupersedeAsync(w, $"superseded by close ({close.Reason})", cancellationToken);
        }

        var backout = _factory.Backout(close.Instrument, close.PositionSide, strategy, now);
        _watchers[backout.Id] = backout;
        _tags[backout.Id] = new OrderTag("exit", strategy, close.Reason);
    }

    private async Task RefreshExitAsync(PlannedExitRefresh refresh, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var symbol = refresh.Instrument.Symbol;
        var position = _book.Get(symbol);
        if (position is null)
        {
            return;
        }

        var current = _watchers.Values.OfType<ExitWatcher>().FirstOrDefault(w => w.IsActive && w.Instrument.Symbol == symbol);
        if (current is not null && current.Instrument.IsCrypto && current.ExpiresAt > now && now - current.CreatedAt < TimeSpan.FromHours(24))
        {
            return; // spec §1.4.6: a live crypto exit plan younger than 24 h is kept
        }

        // The new forecast's take-profit never goes through the position's own entry price: after an adverse move the
        // spec's refresh would place a "take-profit" that sells at once at a loss (a stop in disguise). Spec §4.9 clamps the
        // pctdiff take-profit to its entry level; here the entry is the price actually paid.
        var side = position.Quantity > 0 ? OrderSide.Buy : OrderSide.Sell;
        var takeProfit = side == OrderSide.Buy
            ? Math.Max(refresh.TakeProfitPrice, position.AverageEntryPrice)
            : Math.Min(refresh.TakeProfitPrice, position.AverageEntryPrice);
        var exit = _factory.Exit(refresh.Instrument, side, refresh.Strategy, takeProfit, now);
        if (current is not null && current.Id != exit.Id)
        {
            await SupersedeAsync(current, "replaced by the new forecast's take-profit", cancellationToken);
        }

        _watchers[exit.Id] = exit;
        _tags[exit.Id] = new OrderTag("exit", refresh.Strategy, "take_profit");
    }

    private async Task<string?> StartEntryAsync(PlannedEntry entry, AccountSnapshot account, IReadOnlyList<Position> positions, List<Order> planned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var instrument = entry.Analysis.Instrument;

        // Spec §6.5: a new entry plan replaces the symbol's older one (an entry waiting since an earlier cycle and the
        // take-profit made with it), so two plans never build the same position; the replaced order no longer counts
        // against the caps. The symbol has no position here, so no live exit is lost.
        foreach (var w in _watchers.Values.Where(w => w.IsActive && w.Instrument.Symbol == instrument.Symbol).ToList())
        {
            if (w.LiveClientOrderId is { } live)
            {
                planned.RemoveAll(o => o.ClientOrderId == live);
            }

            await SupersedeAsync(w, "replaced by a newer entry plan", cancellationToken);
        }

        decimal price;
        if (entry.Mode == EntryMode.Ramp)
        {
            var quote = await _broker.GetQuoteAsync(instrument, cancellationToken);
            if (quote is null)
            {
                return "no quote to price the ramp";
            }

            price = entry.Side == OrderSide.Buy ? quote.Ask : quote.Bid;
        }
        else if (entry.EntryPrice is { } level && level > 0)
        {
            price = level;
        }
        else
        {
            return "the strategy has no entry level";
        }

        var sizing = _sizer.Size(new SizingRequest(instrument, entry.Side, price, account, positions, planned));
        if (sizing.IsZero)
        {
            return "size 0: " + (sizing.Reason ?? "caps leave no room");
        }

        var quantity = entry.Probe ? _settings.OrderRules.MinimumQuantity(instrument) : sizing.Quantity;
        var tag = new OrderTag("entry", entry.Strategy, "entry", entry.Probe);
        switch (entry.Mode)
        {
            case EntryMode.Ramp:
                Add(_factory.Ramp(instrument, entry.Side, entry.Strategy, quantity, now), tag);
                break;
            case EntryMode.LimitWatcher:
                Add(_factory.Entry(instrument, entry.Side, entry.Strategy, price, quantity, now, entry.ForceImmediate), tag);
                if (entry.TakeProfitPrice is { } tp && tp > 0)
                {
                    Add(_factory.Exit(instrument, entry.Side, entry.Strategy, tp, now), tag with { Purpose = "exit", Reason = "take_profit" });
                }

                break;
            case EntryMode.AlwaysOnPair:
                var high = entry.Analysis.OppositeEntryPrice ?? entry.TakeProfitPrice;
                if (high is not { } h || h <= 0)
                {
                    return "the always-on strategy has no high level";
                }

                var low = entry.Side == OrderSide.Buy ? price : entry.Analysis.OppositeEntryPrice ?? price;
                var pair = _factory.AlwaysOn(instrument, Math.Min(low, h), Math.Max(low, h), quantity, null, !instrument.IsCrypto && _settings.Selection.Allows(instrument, OrderSide.Sell), now, entry.ForceImmediate);
                Add(pair.Buy, tag);
                if (pair.Sell is not null)
                {
                    Add(pair.Sell, tag with { Purpose = pair.Sell is ExitWatcher ? "exit" : "entry", Reason = pair.Sell is ExitWatcher ? "take_profit" : "entry" });
                }

                break;
        }

        planned.Add(new Order
        {
            Id = "planned-" + instrument.Symbol,
            ClientOrderId = "planned-" + instrument.Symbol,
            Instrument = instrument,
            Side = entry.Side,
            Type = OrderType.Limit,
            Quantity = quantity,
            LimitPrice = price,
            Status = OrderStatus.New,
            SubmittedAt = now,
            UpdatedAt = now,
        });
        return null;
    }

    /// <summary>Stops a watcher and cancels the order it was working, so no orphan order rests at the broker.</summary>
    private async Task SupersedeAsync(Watcher watcher, string reason, CancellationToken cancellationToken)
    {
        if (watcher.LiveClientOrderId is { } clientId && await _broker.GetOrderByClientIdAsync(clientId, cancellationToken) is { } order && order.Status.IsOpen())
        {
            await _journal.CancelOrderAsync(order.Id, cancellationToken);
        }

        _watchers[watcher.Id] = watcher with { State = Execution.WatcherState.Cancelled, Reason = reason };
    }

    private void Add(Watcher watcher, OrderTag tag)
    {
        _watchers[watcher.Id] = watcher;
        _tags[watcher.Id] = tag;
    }

    private OrderTag TagOf(string clientOrderId)
    {
        var dash = clientOrderId.LastIndexOf('-');
        var planKey = dash > 0 ? clientOrderId[..dash] : clientOrderId;
        return _tags.TryGetValue(planKey, out var tag) ? tag : new OrderTag("external", StrategyKind.Simple, "external_order");
    }

    private List<State.WatcherState> WatcherStates() =>
        [.. _watchers.Values.Select(w => new State.WatcherState(w.Id, w.GetType().Name, WatcherJson.Serialize(w), w.IsActive))];

    private void PruneInactive()
    {
        foreach (var id in _watchers.Where(kv => !kv.Value.IsActive).Select(kv => kv.Key).ToList())
        {
            _watchers.Remove(id);
        }
    }

    private string SerializeState() => JsonSerializer.Serialize(
        new BotState
        {
            LastFillSequence = _lastFillSequence,
            Positions = [.. _book.Positions.OrderBy(p => p.Instrument.Symbol, StringComparer.Ordinal)],
            Tags = _tags,
        },
        JsonOptions);

    private static string ForecastJson(SymbolAnalysis a, ScheduledPrediction slot, DateTimeOffset now) => JsonSerializer.Serialize(
        new
        {
            forecastAt = slot.ForecastAt,
            forecastAgeSeconds = Math.Round((now - slot.ForecastAt).TotalSeconds, 3),
            repredicted = slot.Decision.Predict,
            prediction = slot.Decision.Reason,
            lastBar = a.LastBarDate,
            lastClose = a.LastClose,
            open = a.PredictedOpen,
            high = a.PredictedHigh,
            low = a.PredictedLow,
            close = a.PredictedClose,
            expectedMovePct = a.ExpectedMovePct,
            entry = a.EntryPrice,
            takeProfit = a.TakeProfitPrice,
        },
        JsonOptions);

    private static DecisionAction ActionOf(string action) => action switch
    {
        "enter" => DecisionAction.Enter,
        "close" => DecisionAction.Close,
        "hold" => DecisionAction.Hold,
        _ => DecisionAction.Skip,
    };

    private static string Side(OrderSide side) => side == OrderSide.Buy ? "long" : "short";

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new InstrumentJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
