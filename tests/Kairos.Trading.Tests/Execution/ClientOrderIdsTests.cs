using System.Text.RegularExpressions;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Execution;

namespace Kairos.Trading.Tests.Execution;

public class ClientOrderIdsTests
{
    private static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    private static readonly DateTimeOffset Decision = new(2026, 3, 9, 14, 5, 37, TimeSpan.Zero);

    [Fact]
    public void Format_is_prefix_symbol_side_purpose_minute_step()
    {
        Assert.Equal("run1-btcusd-b-entry-2603091405-1", ClientOrderIds.Create("run1", Btc, OrderSide.Buy, OrderPurpose.Entry, Decision, 1));
        Assert.Equal("run1-btcusd-s-backout-2603091405-7", ClientOrderIds.Create("RUN1", Btc, OrderSide.Sell, OrderPurpose.Backout, Decision, 7));
        Assert.Equal("run1-btcusd-b-entry-2603091405", ClientOrderIds.PlanKey("run1", Btc, OrderSide.Buy, OrderPurpose.Entry, Decision));
    }

    [Fact]
    public void Same_decision_same_id_new_step_new_id()
    {
        var a = ClientOrderIds.Create("run1", Btc, OrderSide.Buy, OrderPurpose.Ramp, Decision, 3);
        // Same minute, seconds later, expressed in US/Eastern: still the same decision.
        var sameMinute = new DateTimeOffset(2026, 3, 9, 10, 5, 59, TimeSpan.FromHours(-4));
        Assert.Equal(a, ClientOrderIds.Create("run1", Btc, OrderSide.Buy, OrderPurpose.Ramp, sameMinute, 3));
        Assert.NotEqual(a, ClientOrderIds.Create("run1", Btc, OrderSide.Buy, OrderPurpose.Ramp, Decision, 4));
        Assert.NotEqual(a, ClientOrderIds.Create("run1", Btc, OrderSide.Buy, OrderPurpose.Entry, Decision, 3));
        Assert.NotEqual(a, ClientOrderIds.Create("run1", Btc, OrderSide.Buy, OrderPurpose.Ramp, Decision.AddMinutes(1), 3));
    }

    [Fact]
    public void Long_names_are_shortened_with_a_hash_and_stay_within_48_lowercase_characters()
    {
        var a = ClientOrderIds.Create("Paper Account #12345", new Instrument("ABCDEFGHIJKL1", AssetClass.Equity), OrderSide.Sell, OrderPurpose.AlwaysOn, Decision, ClientOrderIds.MaxStep);
        var b = ClientOrderIds.Create("Paper Account #12345", new Instrument("ABCDEFGHIJKL2", AssetClass.Equity), OrderSide.Sell, OrderPurpose.AlwaysOn, Decision, ClientOrderIds.MaxStep);
        Assert.NotEqual(a, b);
        Assert.Equal(47, a.Length);
        Assert.Matches(new Regex("^pape[0-9a-f]{4}-abcdef[0-9a-f]{4}-s-alwayson-2603091405-99999$"), a);
        Assert.True(a.Length <= ClientOrderIds.MaxLength);
    }

    [Fact]
    public void Invalid_steps_and_prefixes_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientOrderIds.Create("run1", Btc, OrderSide.Buy, OrderPurpose.Entry, Decision, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientOrderIds.Create("run1", Btc, OrderSide.Buy, OrderPurpose.Entry, Decision, 100_000));
        Assert.Throws<ArgumentException>(() => ClientOrderIds.Create("!!!", Btc, OrderSide.Buy, OrderPurpose.Entry, Decision, 1));
    }
}
