using Kairos.Trading.Analysis;
using Kairos.Trading.Execution;
using Kairos.Trading.Prediction;

namespace Kairos.Trading.Cycle;

/// <summary>Everything the bot's cycle is configured by, built and validated once by the command line.</summary>
public sealed record TradingBotSettings
{
    public SelectionSettings Selection { get; init; } = new();

    public PortfolioSettings Portfolio { get; init; } = new();

    public CycleSettings Cycle { get; init; } = new();

    public RiskSettings Risk { get; init; } = new();

    public WatcherSettings Watchers { get; init; } = new();

    public OrderRules OrderRules { get; init; } = OrderRules.Default;

    /// <summary>When a symbol is re-analysed rather than trading on its last forecast, and how old a forecast may be to trade on.</summary>
    public RePredictionSettings Prediction { get; init; } = RePredictionSettings.Default;

    /// <summary>Prefix of every client order id this bot places (identifies the run or account).</summary>
    public string ClientIdPrefix { get; init; } = "kx";

    /// <summary>The kill-switch file (see <see cref="KillSwitch"/>); null disables it.</summary>
    public string? KillSwitchPath { get; init; }

    /// <summary>How far back closed trades are read for the loss block, cooldown and probes.</summary>
    public TimeSpan TradeMemory { get; init; } = TimeSpan.FromDays(4);

    public void Validate()
    {
        Selection.Validate();
        Portfolio.Validate();
        Cycle.Validate();
        Risk.Validate();
        Prediction.Validate();
        if (TradeMemory <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TradeMemory), TradeMemory, "The trade memory must be positive.");
        }
    }
}
