using Kairos.Trading.Analysis;
using Kairos.Trading.Cycle;
using Kairos.Trading.Execution;
using Kairos.Trading.Simulation;

namespace Kairos.Cli.Configuration;

/// <summary>
/// The typed configuration of a trading run: defaults, then an optional JSON file (<c>--config</c>), then the environment,
/// then command-line flags (see <see cref="EffectiveConfig"/>). Each section is the settings record of the part it
/// configures; a missing section or property keeps that record's default.
/// </summary>
internal sealed record TradingConfig
{
    public BacktestSection Backtest { get; init; } = new();

    public SelectionSettings Selection { get; init; } = new();

    public PortfolioSettings Portfolio { get; init; } = new();

    public CycleSettings Cycle { get; init; } = new();

    public RiskSettings Risk { get; init; } = new();

    public WatcherSettings Watchers { get; init; } = new();

    public SimulatedBrokerOptions Broker { get; init; } = new();

    public ReplaySection Replay { get; init; } = new();

    public ScheduleSection Schedule { get; init; } = new();

    public TradingSection Trading { get; init; } = new();

    public AnalysisSection Analysis { get; init; } = new();

    public OptimizerSection Optimizer { get; init; } = new();

    public ForecastCacheSection ForecastCache { get; init; } = new();

    public PredictionSection Prediction { get; init; } = new();

    public RollbackSection Rollback { get; init; } = new();

    /// <summary>The bot's own settings (the selection, portfolio, cycle, risk and watcher sections).</summary>
    public TradingBotSettings BotSettings(string? killSwitchPath) => new()
    {
        Selection = Selection,
        Portfolio = Portfolio,
        Cycle = Cycle,
        Risk = Risk,
        Watchers = Watchers,
        Prediction = Prediction.ToSettings(),
        KillSwitchPath = killSwitchPath,
    };
}
