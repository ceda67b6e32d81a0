using Kairos.Trading.Analysis;
using Kairos.Trading.Cycle;
using Kairos.Trading.Execution;
using Kairos.Trading.Simulation;

namespace Kairos.Cli.Configuration;

/// <summary>
/// The typed configuration of a trading run, read once from an optional JSON file (<c>--config</c>) and then overridden
/// by command-line flags. Each section is the settings record of the part it configures; a missing section or property
/// keeps that record's default.
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

    /// <summary>The bot's own settings (everything but the backtest, broker and replay sections).</summary>
    public TradingBotSettings BotSettings(string? killSwitchPath) => new()
    {
        Selection = Selection,
        Portfolio = Portfolio,
        Cycle = Cycle,
        Risk = Risk,
        Watchers = Watchers,
        KillSwitchPath = killSwitchPath,
    };
}
