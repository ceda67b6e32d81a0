using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Execution;

/// <summary>
/// Creates watchers for one run/account: fills in the plan key, the client id prefix and the market-aware expiry.
/// </summary>
public sealed class WatcherFactory
{
    private readonly string _prefix;
    private readonly WatcherSettings _settings;

    public WatcherFactory(string clientIdPrefix, WatcherSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // Validates the prefix once, here, rather than at the first submission.
        _ = ClientOrderIds.PlanKey(clientIdPrefix, new Instrument("X", AssetClass.Equity), OrderSide.Buy, OrderPurpose.Entry, DateTimeOffset.UnixEpoch);
        _prefix = clientIdPrefix;
        _settings = settings;
    }

    public EntryWatcher Entry(
        Instrument instrument,
        OrderSide side,
        StrategyKind strategy,
        decimal limitPrice,
        decimal targetQuantity,
        DateTimeOffset now,
        bool forceImmediate = false,
        OrderPurpose purpose = OrderPurpose.Entry)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limitPrice);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetQuantity);
        return new EntryWatcher
        {
            Id = ClientOrderIds.PlanKey(_prefix, instrument, side, purpose, now),
            Instrument = instrument,
            Side = side,
            Strategy = strategy,
            Purpose = purpose,
            ClientIdPrefix = _prefix,
            CreatedAt = now,
            TargetQuantity = targetQuantity,
            LimitPrice = limitPrice,
            ExpiresAt = WatcherExpiry.For(instrument, now, _settings),
            ForceImmediate = forceImmediate,
        };
    }

    /// <summary>A take-profit exit for a position opened on <paramref name="positionSide"/>.</summary>
    public ExitWatcher Exit(Instrument instrument, OrderSide positionSide, StrategyKind strategy, decimal takeProfitPrice, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(takeProfitPrice);
        var side = Opposite(positionSide);
        return new ExitWatcher
        {
            Id = ClientOrderIds.PlanKey(_prefix, instrument, side, OrderPurpose.Exit, now),
            Instrument = instrument,
            Side = side,
            Strategy = strategy,
            Purpose = OrderPurpose.Exit,
            ClientIdPrefix = _prefix,
            CreatedAt = now,
            TakeProfitPrice = takeProfitPrice,
            ExpiresAt = WatcherExpiry.For(instrument, now, _settings),
        };
    }

    /// <summary>
    /// The always-on pair: buy <paramref name="quantity"/> at <paramref name="lowPrice"/>; sell at
    /// <paramref name="highPrice"/> — short <paramref name="quantity"/> for an equity when <paramref name="allowShort"/>,
    /// or for crypto close the long in <paramref name="position"/> (crypto is never shorted).
    /// </summary>
    public AlwaysOnPair AlwaysOn(
        Instrument instrument,
        decimal lowPrice,
        decimal highPrice,
        decimal quantity,
        Position? position,
        bool allowShort,
        DateTimeOffset now,
        bool forceImmediate = false)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var buy = Entry(instrument, OrderSide.Buy, StrategyKind.MaxDiffAlwaysOn, lowPrice, quantity, now, forceImmediate, OrderPurpose.AlwaysOn);
        if (instrument.IsCrypto)
        {
            if (position is { IsLong: true } && position.Instrument == instrument)
            {
                return new AlwaysOnPair(buy, Exit(instrument, OrderSide.Buy, StrategyKind.MaxDiffAlwaysOn, highPrice, now), null);
            }

            return new AlwaysOnPair(buy, null, "crypto is never shorted and there is no long to sell");
        }

        if (!allowShort)
        {
            return new AlwaysOnPair(buy, null, "shorting is not allowed");
        }

        var sell = Entry(instrument, OrderSide.Sell, StrategyKind.MaxDiffAlwaysOn, highPrice, quantity, now, forceImmediate, OrderPurpose.AlwaysOn);
        return new AlwaysOnPair(buy, sell, null);
    }

    public RampEntry Ramp(Instrument instrument, OrderSide side, StrategyKind strategy, decimal targetQuantity, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetQuantity);
        return new RampEntry
        {
            Id = ClientOrderIds.PlanKey(_prefix, instrument, side, OrderPurpose.Ramp, now),
            Instrument = instrument,
            Side = side,
            Strategy = strategy,
            Purpose = OrderPurpose.Ramp,
            ClientIdPrefix = _prefix,
            CreatedAt = now,
            TargetQuantity = targetQuantity,
        };
    }

    /// <summary>A back-out of the position opened on <paramref name="positionSide"/>.</summary>
    public BackoutExit Backout(Instrument instrument, OrderSide positionSide, StrategyKind strategy, DateTimeOffset now)
    {
        var side = Opposite(positionSide);
        return new BackoutExit
        {
            Id = ClientOrderIds.PlanKey(_prefix, instrument, side, OrderPurpose.Backout, now),
            Instrument = instrument,
            Side = side,
            Strategy = strategy,
            Purpose = OrderPurpose.Backout,
            ClientIdPrefix = _prefix,
            CreatedAt = now,
        };
    }

    private static OrderSide Opposite(OrderSide side) => side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
}
